"""Score the extractor against the hand-checked development corpus (tests/data/corpus).

Prints, per document and in total, task-path precision/recall and unit
(path, mention, role) precision/recall, and lists every disagreement with -v.

    python benchmarks/accuracy.py [-v] [--corpus DIR] [NAME_SUBSTRING]

``--corpus`` scores another folder in the same format (tests/data/constructed, or a
blind set kept outside the repo), so a new batch of documents can be measured before
any of it is learnt from.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from kg.contract import records
from kg.ingest import _t2s
from kg.pipeline import extract_file

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "data" / "corpus"


def score(verbose: bool, only: str, corpus: Path = CORPUS) -> int:
    tot = {"tp_t": 0, "ex_t": 0, "got_t": 0, "tp_u": 0, "ex_u": 0, "got_u": 0}
    for exp_path in sorted(corpus.glob("*.expected.json")):
        if only not in exp_path.name:
            continue
        exp = json.loads(exp_path.read_text(encoding="utf-8"))
        doc = extract_file(corpus / exp["doc"])
        got = {r["path"]: r for r in records(doc)}
        want = {t["path"]: t for t in exp["tasks"]}
        gu = {(p, u["mention"], u["role"]) for p, r in got.items() for u in r["units"]}
        if doc.converted:
            # the extractor reads traditional copies in simplified characters
            for t in exp["tasks"]:
                t["units"] = [[_t2s().convert(u[0]), *u[1:]] for u in t["units"]]
        wu = {(t["path"], u[0], u[1]) for t in exp["tasks"] for u in t["units"]}
        tp_t, tp_u = len(set(got) & set(want)), len(gu & wu)
        tot["tp_t"] += tp_t
        tot["ex_t"] += len(want)
        tot["got_t"] += len(got)
        tot["tp_u"] += tp_u
        tot["ex_u"] += len(wu)
        tot["got_u"] += len(gu)
        print(f"{exp['doc'][:44]:44} tasks {tp_t:3}/{len(want):3} got {len(got):3}   "
              f"units {tp_u:3}/{len(wu):3} got {len(gu):3}")
        if verbose:
            for p in sorted(set(want) - set(got)):
                print(f"    missing task  {p}")
            for p in sorted(set(got) - set(want)):
                print(f"    extra task    {p}")
            for x in sorted(wu - gu):
                print(f"    missing unit  {x}")
            for x in sorted(gu - wu):
                print(f"    extra unit    {x}")

    def pr(tp: int, ex: int, got: int) -> str:
        p = tp / got if got else 1.0
        r = tp / ex if ex else 1.0
        return f"P {p:.3f} R {r:.3f}"

    print(f"TOTAL tasks {pr(tot['tp_t'], tot['ex_t'], tot['got_t'])}   "
          f"units {pr(tot['tp_u'], tot['ex_u'], tot['got_u'])}")
    return 0


if __name__ == "__main__":
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("only", nargs="?", default="", help="score only documents whose name contains this")
    ap.add_argument("-v", "--verbose", action="store_true", help="list every disagreement")
    ap.add_argument("--corpus", type=Path, default=CORPUS, help="folder of NAME.txt + NAME.expected.json")
    a = ap.parse_args()
    sys.exit(score(a.verbose, a.only, a.corpus))
