"""Tier 1: what the app's frame reads at the start of every run is kept until a write, and read again after one."""
import streamlit as st

from lib import access, settings, workbooks
from views import versioned


def _counted(read):
    calls = []

    def counted(con, *args, **kwargs):
        calls.append(args)
        return read(con, *args, **kwargs)

    counted.__qualname__ = f"counted_{read.__qualname__}"
    return counted, calls


def test_settings_are_kept_until_a_write_then_read_again(con):
    st.cache_data.clear()  # the key is the database's path and version: another test's database may share both
    read, calls = _counted(settings.flags)
    flags = versioned.until_any_write(read)
    assert flags(con, person=settings.LOCAL)[settings.SCREEN_SHARE] is False
    assert flags(con, person=settings.LOCAL)[settings.SCREEN_SHARE] is False
    assert len(calls) == 1
    settings.set_flag(con, settings.SCREEN_SHARE, True)   # in another tab: the next run must mask
    assert flags(con, person=settings.LOCAL)[settings.SCREEN_SHARE] is True
    assert len(calls) == 2


def test_the_workbook_list_follows_a_rename_and_a_new_workbook(con, wb):
    st.cache_data.clear()
    read, calls = _counted(access.visible_workbooks)
    visible = versioned.until_any_write(read)
    assert [w.name for w in visible(con, None)] == ["Workbook under test"]
    visible(con, None)
    assert len(calls) == 1
    workbooks.rename(con, wb, "Renamed")   # a write to one workbook moves the latest version too
    assert [w.name for w in visible(con, None)] == ["Renamed"]
    workbooks.create(con, "Second")
    assert [w.name for w in visible(con, None)] == ["Renamed", "Second"]
    assert len(calls) == 3


def test_a_value_taken_is_a_copy(con):
    st.cache_data.clear()
    flags = versioned.until_any_write(settings.flags)
    flags(con)[settings.SCREEN_SHARE] = True   # load_share_mode updates what it took from the URL flags
    assert flags(con)[settings.SCREEN_SHARE] is False
