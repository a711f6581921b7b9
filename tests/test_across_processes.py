"""Same seed, same bytes: commands run in separate processes (each with its own string hashing)
print identical output, whatever the number of worker processes."""

from __future__ import annotations

from tests.commands import start_truce


def outputs_of(*runs: tuple[tuple[str, ...], str]) -> list[str]:
    """Run each (argv, PYTHONHASHSEED) at once in its own process; their stdouts, checked."""
    started = [start_truce(*argv, env={"PYTHONHASHSEED": salt}) for argv, salt in runs]
    outputs = []
    for run in started:
        out, err = run.communicate(timeout=300)
        assert run.returncode == 0, err
        outputs.append(out)
    return outputs


def test_a_simulation_prints_the_same_bytes_in_every_process():
    argv = ("simulate", "state-visit-2015", "--us", "tit-for-tat", "--cn", "expert",
            "--games", "40", "--seed", "5", "--json")
    first, second = outputs_of((argv, "1"), (argv, "2"))
    assert first == second


def test_a_tournament_prints_the_same_bytes_in_every_process_for_any_number_of_jobs():
    argv = ("tournament", "state-visit-2015", "--agents", "expert,tit-for-tat,random",
            "--games", "2", "--seed", "7", "--json")
    first, second = outputs_of(((*argv, "--jobs", "1"), "1"), ((*argv, "--jobs", "2"), "2"))
    assert first == second
