from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
EVALDATA = ROOT.parent / "shared" / "evaldata"


@pytest.fixture
def sample_article() -> Path:
    return SAMPLES / "rutte-ceasefire.mt.en.txt"
