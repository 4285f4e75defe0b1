"""lib/settings.py: the app's own settings (screen-share mode) stored on the server, per person."""
from __future__ import annotations

import pytest

from lib import db, settings
from lib.errors import Invalid


def test_a_new_database_has_screen_share_mode_off(con):
    assert settings.screen_share(con) == settings.ScreenShare(on=False, names=False)


def test_turning_the_mode_on_is_seen_by_every_other_cursor(con):
    settings.set_flag(con.cursor(), settings.SCREEN_SHARE, True)
    other = con.cursor()
    assert settings.flag(other, settings.SCREEN_SHARE) is True
    assert settings.screen_share(other).on


def test_the_mode_holds_after_the_app_restarts(tmp_path):
    path = tmp_path / "restart.duckdb"
    first = db.open(path)
    settings.set_flag(first, settings.SCREEN_SHARE, True)
    settings.set_flag(first, settings.SHARE_NAMES, True)
    first.close()
    again = db.open(path)
    try:
        assert settings.screen_share(again) == settings.ScreenShare(on=True, names=True)
    finally:
        again.close()


def test_only_turning_it_off_turns_it_off(con):
    settings.set_flag(con, settings.SCREEN_SHARE, True)
    settings.set_flag(con, settings.SCREEN_SHARE, True)  # setting it again changes nothing, and stores one row
    assert settings.flag(con, settings.SCREEN_SHARE)
    settings.set_flag(con, settings.SCREEN_SHARE, False)
    assert not settings.flag(con, settings.SCREEN_SHARE)
    assert db.scalar(con, "SELECT count(*) FROM app_settings WHERE name = 'screen_share'") == 1


def test_names_as_initials_count_only_in_screen_share_mode(con):
    settings.set_flag(con, settings.SHARE_NAMES, True)
    state = settings.screen_share(con)
    assert state.names and not state.on and not state.initials
    settings.set_flag(con, settings.SCREEN_SHARE, True)
    assert settings.screen_share(con).initials


def test_each_person_has_their_own_settings(con):
    settings.set_flag(con, settings.SCREEN_SHARE, True, person="coach@example.org")
    assert settings.flag(con, settings.SCREEN_SHARE, person="coach@example.org")
    assert not settings.flag(con, settings.SCREEN_SHARE)  # the local app's person ('') is someone else
    assert not settings.flag(con, settings.SCREEN_SHARE, person="client@example.org")


def test_an_unknown_setting_is_refused_and_nothing_is_stored(con):
    with pytest.raises(Invalid, match="no setting"):
        settings.set_flag(con, "share_everything", True)
    assert db.scalar(con, "SELECT count(*) FROM app_settings") == 0


def test_settings_are_not_part_of_any_workbook(con):
    """Exports and deletes of a workbook go by workbook_id: the app's settings must not travel with a client."""
    columns = {r[0] for r in con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'app_settings'").fetchall()}
    assert columns == {"person", "name", "value", "updated_at"}


def test_the_workbook_last_opened_is_remembered_per_person(con):
    assert settings.last_workbook(con) is None
    settings.set_last_workbook(con, 7)
    settings.set_last_workbook(con, 3)
    settings.set_last_workbook(con, 12, person="ana@example.com")
    assert settings.last_workbook(con.cursor()) == 3
    assert settings.last_workbook(con, person="ana@example.com") == 12
    assert settings.flags(con) == {settings.SCREEN_SHARE: False, settings.SHARE_NAMES: False}  # not an on/off flag
