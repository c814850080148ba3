"""The --capabilities JSON."""
import json

import pytest

import attest_kit as kit


def test_capabilities_json_has_the_protocol_keys_and_the_kit(capsys):
    caps = kit.Capabilities(name="t", dtypes=["f32", "bf16"], features=["causal_tl", "lse"], lse_dtype="f32",
                            fully_masked_rows="nan", deterministic=False, max_head_dim=128)
    assert kit.run(None, caps, ["--capabilities"]) == 0
    obj = json.loads(capsys.readouterr().out)
    assert obj == {"protocol_version": 1, "name": "t", "dtypes": ["f32", "bf16"], "features": ["causal_tl", "lse"],
                   "fully_masked_rows": "nan", "deterministic": False, "max_head_dim": 128, "lse_dtype": "f32",
                   "kit": {"name": "attest-kit", "version": kit.__version__}}


def test_optional_keys_are_left_out():
    obj = json.loads(kit.Capabilities(dtypes=["f64"]).to_json("9"))
    assert set(obj) == {"protocol_version", "dtypes", "features", "fully_masked_rows", "deterministic", "kit"}


def test_lse_without_its_precision_is_refused():
    with pytest.raises(ValueError, match="lse_dtype"):
        kit.Capabilities(dtypes=["f32"], features=["lse"])
