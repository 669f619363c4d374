"""The scikit-learn estimator contract for our own transformers and pipelines."""

import pickle

import pytest
from sklearn.base import clone

from model.features import Example, SelectField, ShapeFeatures, paragraph_examples
from model.pipeline import build_detector, build_kind_classifier


@pytest.mark.parametrize("estimator", [SelectField("context"), ShapeFeatures(), build_detector(), build_kind_classifier()])
def test_init_only_stores_parameters_and_clone_round_trips(estimator):
    twin = clone(estimator)
    assert twin.get_params().keys() == estimator.get_params().keys()
    assert not [name for name in vars(twin) if name.endswith("_") and not name.startswith("_")]


@pytest.mark.parametrize("transformer", [SelectField("sentence"), ShapeFeatures()])
def test_fit_returns_self_and_transform_keeps_rows(transformer):
    _, examples = paragraph_examples("One. Two is here. Three!")
    assert transformer.fit(examples) is transformer
    assert len(transformer.transform(examples)) == 3


def test_a_fitted_pipeline_pickles_by_module_path():
    _, examples = paragraph_examples("Walt dies in the lab. The weather was nice. Rose lets go of Jack. Filming starts soon.")
    model = build_detector(min_df=1).fit(examples, [True, False, True, False])
    restored = pickle.loads(pickle.dumps(model))
    assert (restored.predict_proba(examples) == model.predict_proba(examples)).all()


def test_examples_carry_their_neighbours_as_context():
    _, examples = paragraph_examples("First one. Second one. Third one.")
    assert examples[1] == Example("Second one.", "First one. Third one.", 0.5, False)
