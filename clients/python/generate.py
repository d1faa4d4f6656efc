"""Regenerate ``src/aura_client/_generated`` from the server's OpenAPI
document with openapi-python-client (pinned in the project's requirements).

    python clients/python/generate.py             # from the served schema (Django settings)
    python clients/python/generate.py --check     # exit 1 if the committed models differ
"""

import argparse
import filecmp
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARGET = HERE / "src" / "aura_client" / "_generated"
ROOT = HERE.parent.parent
CONFIG = "post_hooks: []\nliteral_enums: false\n"


def served_schema() -> dict:
    """The schema the server serves at /openapi.json, without starting it."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aura_site.settings")
    import django

    django.setup()
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)


def generate(schema: dict, out: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        spec, config = Path(tmp) / "openapi.json", Path(tmp) / "config.yaml"
        spec.write_text(json.dumps(schema, sort_keys=True, default=str))
        config.write_text(CONFIG)
        build = Path(tmp) / "out"
        cli = shutil.which("openapi-python-client", path=str(Path(sys.executable).parent)) or "openapi-python-client"
        result = subprocess.run([cli, "generate", "--path", str(spec), "--meta", "none", "--config", str(config),
                                 "--output-path", str(build)], capture_output=True, text=True)
        if result.returncode != 0 or not (build / "models").is_dir():
            raise SystemExit(f"openapi-python-client failed:\n{result.stdout}\n{result.stderr}")
        if out.exists():
            shutil.rmtree(out)
        shutil.copytree(build, out, ignore=shutil.ignore_patterns("__pycache__"))


def differences(a: Path, b: Path) -> list[str]:
    out = []
    cmp = filecmp.dircmp(a, b, ignore=["__pycache__"])

    def walk(c, prefix=""):
        out.extend(f"{prefix}{n} (only in committed)" for n in c.left_only)
        out.extend(f"{prefix}{n} (only in generated)" for n in c.right_only)
        _, mismatch, errors = filecmp.cmpfiles(c.left, c.right, c.common_files, shallow=False)
        out.extend(f"{prefix}{n} (differs)" for n in mismatch + errors)
        for name, sub in c.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(cmp)
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the committed models; change nothing")
    args = parser.parse_args()
    schema = served_schema()
    if not args.check:
        generate(schema, TARGET)
        print(f"wrote {TARGET.relative_to(ROOT)}")
        return
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / "_generated"
        generate(schema, fresh)
        diff = differences(TARGET, fresh)
    if diff:
        print("the SDK's models differ from the served schema (run `make sdk`):\n  " + "\n  ".join(diff))
        raise SystemExit(1)
    print("the SDK's models match the served schema")


if __name__ == "__main__":
    main()
