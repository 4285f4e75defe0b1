"""run_scope.once: worked out once per script run; every time outside one (a deferred download's thread)."""
from views import run_scope


def test_outside_a_script_run_it_is_worked_out_every_time():
    calls = []
    assert run_scope.token() is None
    assert [run_scope.once("_probe", lambda: calls.append(1) or len(calls)) for _ in range(3)] == [1, 2, 3]
