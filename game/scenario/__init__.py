"""Scenario files: the YAML format, its schema, the safe loader and the lint."""

from game.scenario.loader import check_scenario, load_scenario, load_scenario_text
from game.scenario.problems import Problem, ScenarioError

__all__ = ["Problem", "ScenarioError", "check_scenario", "load_scenario", "load_scenario_text"]
