"""Write linkage/data/parameters.json: the model trained on the demo census at scale 1.

    python -m shezu.demo.census.parameters

Run it after changing the comparisons in linkage/model.py; the test
`test_bundled_parameters_fit_the_model` fails until then.
"""

import json
import os
import tempfile
from pathlib import Path
from typing import Any


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shezu.config.settings")
    import django

    django.setup()
    from shezu.census.linkage import link, model
    from shezu.demo.census.frames import manifest_records
    from shezu.demo.census.generate import generate

    with tempfile.TemporaryDirectory() as directory:
        generate(Path(directory), scale=1.0)
        result = link(manifest_records(Path(directory) / "manifest.csv"))
    parameters = model.parameters_of(result.model["splink"])
    model.PARAMETERS.parent.mkdir(exist_ok=True)
    model.PARAMETERS.write_text(_readable(parameters), encoding="utf-8")
    print(f"{model.PARAMETERS}: trained on {result.counts['records']:,} demo records")


def _readable(parameters: dict[str, Any]) -> str:
    """One comparison per line, so a retrained file diffs by comparison."""
    lines = [
        f"{json.dumps(name)}: {json.dumps(levels)}"
        for name, levels in parameters["comparisons"].items()
    ]
    prior = parameters["probability_two_random_records_match"]
    return (
        f'{{"probability_two_random_records_match": {prior},\n"comparisons": {{\n'
        + ",\n".join(lines)
        + "\n}}\n"
    )


if __name__ == "__main__":
    main()
