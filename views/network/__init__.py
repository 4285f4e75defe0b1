"""The Network page's jobs: the filters, and the charts with the people behind a clicked mark."""
