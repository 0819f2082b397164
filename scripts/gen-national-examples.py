#!/usr/bin/env python3
"""Writes examples/national/: reports of three pilot areas over two periods,
for the rules across reports (rules/national.rules), with the set
findings examples/README.md lists planted in them. Run from the repository
root; the reports are committed, this is how they were made.

The areas are three that seed 001 names as pilot areas (Weihai, Changchun,
Harbin); their provinces are not in the seeds (they are the provinces the
cities are in). Their measures are those of examples/xian-2021-h2.yaml,
all implemented, so the rules of one report find nothing in them."""
import re
from pathlib import Path

XIAN = Path("examples/xian-2021-h2.yaml").read_text()
OUT = Path("examples/national")
AREAS = {
    "Weihai": "Shandong",
    "Changchun": "Jilin",
    "Harbin": "Heilongjiang",
}
PERIODS = {
    "2022-h1": ("2022-01-01", "2022-06-30", "2022-07-08"),
    "2022-h2": ("2022-07-01", "2022-12-31", "2023-01-09"),
}


def measures():
    """Xi'an's 122 measures, every one implemented by its deadline."""
    body = XIAN[XIAN.index("measures:\n") + len("measures:\n") : XIAN.index("key_issues:")]
    items = body.split("  - id: ")[1:]
    out = []
    for item in items:
        lines = item.rstrip("\n").split("\n")
        fields = {}
        order = []
        for line in lines[1:]:
            key, _, value = line.strip().partition(": ")
            fields[key] = value
            order.append(key)
        fields["status"] = "implemented"
        # Xi'an's measure that does not apply to it (no seaport) is one
        # these areas implement: the deadline is the example's own.
        if "not_applicable_reason" in fields:
            del fields["not_applicable_reason"]
            order.remove("not_applicable_reason")
        if "deadline" not in fields:
            fields["deadline"] = "2022-06-30"
            order.insert(order.index("status") + 1, "deadline")
        deadline = fields["deadline"]
        if "completed_on" not in fields or fields["completed_on"] > deadline:
            fields["completed_on"] = deadline
            if "completed_on" not in order:
                order.insert(order.index("deadline") + 1, "completed_on")
        if "evidence" not in fields:
            fields["evidence"] = '["municipal notice"]'
            order.insert(order.index("completed_on") + 1, "evidence")
        out.append((lines[0].split("-")[1], fields, order))
    return out


def report(area, period, drop=None, status_of=None, note=None, heading="", typo=None):
    province = AREAS[area]
    start, end, submitted = PERIODS[period]
    ms = [m for m in measures() if m[0] != drop]
    lines = [
        "# yaml-language-server: $schema=../../schema/report.schema.json",
        *[f"# {h}" for h in heading.split("\n") if h],
        "report: progress",
        "program: service-trade-pilot-2020",
        "area:",
        f'  name: "{area}"',
        f'  province: "{province}"',
        "period:",
        f"  start: {start}",
        f"  end: {end}",
        f"submitted: {submitted}",
        "implementation_plan:",
        f"  drafted_with: \"{province} Provincial People's Government\"",
        "  submitted_for_approval: 2020-10-20",
        "  approved: true",
        "  approved_on: 2020-12-02",
        "summary:",
        f"  measures_total: {len(ms)}",
    ]
    implemented = sum(1 for n, _, _ in ms if (status_of or {}).get(n, "implemented") == "implemented")
    lines.append(f"  measures_implemented: {implemented}")
    if note:
        lines.append(f'  note: "{note}"')
    lines.append("measures:")
    for n, fields, order in ms:
        lines.append(f"  - id: {(typo or {}).get(n, area)}-{n}")
        for key in order:
            value = fields[key]
            if key == "status":
                value = (status_of or {}).get(n, value)
            if key == "lead" or key == "evidence":
                value = value.replace("Xi'an", area)
            lines.append(f"    {key}: {value}")
    return "\n".join(lines) + "\n"


def main():
    OUT.mkdir(exist_ok=True)
    files = {
        "weihai-2022-h1.yaml": report("Weihai", "2022-h1", heading="Weihai, first half of 2022."),
        "weihai-2022-h2.yaml": report(
            "Weihai",
            "2022-h2",
            status_of={"017": "in-progress"},
            heading="Weihai, second half of 2022: measure Weihai-017, implemented in the first\n"
            "half, is reported in progress again (HIS001).",
        ),
        "changchun-2022-h1.yaml": report("Changchun", "2022-h1", heading="Changchun, first half of 2022."),
        "changchun-2022-h1-again.yaml": report(
            "Changchun",
            "2022-h1",
            heading="Changchun, first half of 2022 again: a second report for the same area\n"
            "and period (NAT003, on both).",
        ),
        "changchun-2022-h2.yaml": report(
            "Changchun",
            "2022-h2",
            drop="122",
            heading="Changchun, second half of 2022: 121 of the 122 measures, no note saying why\n"
            "(HIS002); the one left out, Changchun-122, was implemented (HIS001).",
        ),
        "harbin-2022-h1.yaml": report(
            "Harbin",
            "2022-h1",
            typo={"031": "Habrin"},
            heading="Harbin, first half of 2022; Harbin has no report for the second half\n"
            "(NAT001, at Harbin's entry of rules/data/pilot-areas.yaml), and measure\n"
            "Harbin-031 is written Habrin-031 (NAT004).",
        ),
    }
    for name, text in files.items():
        (OUT / name).write_text(text)


if __name__ == "__main__":
    main()
