import copy
import json
from pathlib import Path

import pytest

from scanner.plan import DEFAULT_PLAN, load_plan
from scanner.template import DEFAULT_TEMPLATE, load_template

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def template():
    return load_template()


@pytest.fixture(scope="session")
def plan():
    return load_plan()


@pytest.fixture()
def raw_template():
    return copy.deepcopy(json.loads(DEFAULT_TEMPLATE.read_text(encoding="utf-8")))


@pytest.fixture()
def raw_plan():
    return copy.deepcopy(json.loads(DEFAULT_PLAN.read_text(encoding="utf-8")))
