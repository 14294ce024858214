"""Developer tool: extract msgids, merge, fill Vietnamese from a JSON file, compile.

    python scripts/i18n_sync.py                 # extract + update + compile, list what is missing
    python scripts/i18n_sync.py vi-fill.json    # also set msgstr for each {"msgid": "msgstr"}
"""
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ocop_shop import translations_tool as tool  # noqa: E402


def main(argv: list[str]) -> int:
    fills = {}
    for name in argv:
        fills.update(json.loads(Path(name).read_text(encoding="utf-8")))
    with tool.locked():
        tool.extract_and_update()
        if fills:
            print(f"filled {tool.fill('vi', fills)} messages")
        tool.compile_all()
    missing = tool.problems("vi")
    for msgid in missing:
        print("MISSING:", json.dumps(msgid, ensure_ascii=False))
    print(f"vi: {len(missing)} missing")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
