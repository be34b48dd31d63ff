#!/usr/bin/env python3
"""An independent check of werkt's tagged PDF, read with qpdf (through pikepdf) rather
than the lopdf the renderer and its tests use: the machine-checkable PDF/UA-1 rules
(the Matterhorn protocol's checkpoints that need no human judgement) werkt's reports
must meet. Not a full validator (veraPDF is one; it is not available here).

    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install pikepdf
    /tmp/venv/bin/python tests/tools/pdfua_check.py out/<org>/<period>/report.pdf ...

Prints one line per failed check and a summary; exits 1 if any check failed.
"""
import re
import sys

import pikepdf
from pikepdf import Name

STANDARD = {
    "Document", "Part", "Art", "Sect", "Div", "BlockQuote", "Caption", "TOC", "TOCI",
    "Index", "NonStruct", "Private", "P", "H", "H1", "H2", "H3", "H4", "H5", "H6", "L",
    "LI", "Lbl", "LBody", "Table", "TR", "TH", "TD", "THead", "TBody", "TFoot", "Span",
    "Quote", "Note", "Reference", "BibEntry", "Code", "Link", "Annot", "Ruby", "RB", "RT",
    "RP", "Warichu", "WT", "WP", "Figure", "Formula", "Form",
}
PAINT = {"Tj", "TJ", "'", '"', "f", "F", "f*", "S", "s", "B", "B*", "b", "b*", "Do", "sh"}
TEXT = {"Tj", "TJ", "'", '"'}


def check(path):
    errors = []
    pdf = pikepdf.open(path)
    root = pdf.Root
    if pdf.pdf_version < "1.7":
        errors.append(f"PDF version {pdf.pdf_version}, want 1.7")
    mark = root.get("/MarkInfo")
    if mark is None or not bool(mark.get("/Marked", False)):
        errors.append("Catalog /MarkInfo /Marked is not true")
    if not str(root.get("/Lang", "")).strip():
        errors.append("Catalog has no /Lang")
    vp = root.get("/ViewerPreferences")
    if vp is None or not bool(vp.get("/DisplayDocTitle", False)):
        errors.append("ViewerPreferences /DisplayDocTitle is not true")
    meta = root.get("/Metadata")
    xmp = meta.read_bytes().decode("utf-8", "replace") if meta is not None else ""
    if not re.search(r"pdfuaid:part\W{0,3}1", xmp):
        errors.append("XMP metadata lacks pdfuaid:part 1")
    if "dc:title" not in xmp:
        errors.append("XMP metadata lacks dc:title")
    info = pdf.trailer.get("/Info")
    if info is not None:
        for k, v in info.items():
            if str(v) == "":
                errors.append(f"document info has an empty {k}")

    tree = root.get("/StructTreeRoot")
    if tree is None:
        return errors + ["no /StructTreeRoot"], "", len(pdf.pages)
    parent_tree = {}
    nums = tree.ParentTree.get("/Nums", [])
    for i in range(0, len(nums), 2):
        parent_tree[int(nums[i])] = nums[i + 1]

    # Walk the structure tree: types, /Alt, TH scope, heading levels, and which
    # (page, MCID) each element claims.
    claimed = set()
    headings = []
    counts = {}

    def walk(elem, page):
        s = str(elem.get("/S", ""))[1:]
        counts[s] = counts.get(s, 0) + 1
        if s not in STANDARD:
            errors.append(f"non-standard structure type /{s} without a role map")
        if s == "Figure" and not str(elem.get("/Alt", "")).strip():
            errors.append("a Figure without /Alt")
        if s == "TH":
            a = elem.get("/A")
            scopes = [] if a is None else ([a] if isinstance(a, pikepdf.Dictionary) else list(a))
            if not any(x.get("/Scope") is not None for x in scopes if isinstance(x, pikepdf.Dictionary)):
                errors.append("a TH without /Scope")
        if re.fullmatch(r"H[1-6]", s):
            headings.append(int(s[1]))
        pg = elem.get("/Pg", page)
        kids = elem.get("/K")
        if kids is None:
            return
        kids = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
        for k in kids:
            if isinstance(k, int):
                claimed.add((pg.objgen if pg is not None else None, int(k)))
            elif isinstance(k, pikepdf.Dictionary) and k.get("/Type") == Name.MCR:
                claimed.add((k.get("/Pg", pg).objgen, int(k.MCID)))
            elif isinstance(k, pikepdf.Dictionary) and k.get("/Type") == Name.OBJR:
                pass
            elif isinstance(k, pikepdf.Dictionary):
                walk(k, pg)

    top = tree.get("/K")
    for k in (list(top) if isinstance(top, pikepdf.Array) else [top]):
        walk(k, None)
    prev = 0
    for h in headings:
        if h > prev + 1:
            errors.append(f"heading level skipped: H{prev} then H{h}")
        prev = h

    # Every painting operator is inside marked content with an MCID the tree claims, or
    # inside an artifact.
    for n, page in enumerate(pdf.pages, 1):
        if "/Annots" in page.obj and page.obj.get("/Tabs") != Name.S:
            errors.append(f"page {n} has annotations but no /Tabs /S")
        sp = page.obj.get("/StructParents")
        stack = []
        seen = set()
        for operands, op in pikepdf.parse_content_stream(page):
            op = str(op)
            if op == "BDC":
                tag = str(operands[0])
                props = operands[1] if len(operands) > 1 else None
                mcid = None
                if isinstance(props, pikepdf.Dictionary) and "/MCID" in props:
                    mcid = int(props.MCID)
                stack.append((tag, mcid))
                if mcid is not None:
                    seen.add(mcid)
                    if (page.obj.objgen, mcid) not in claimed:
                        errors.append(f"page {n}: MCID {mcid} is not in the structure tree")
            elif op == "BMC":
                stack.append((str(operands[0]), None))
            elif op == "EMC":
                if stack:
                    stack.pop()
                else:
                    errors.append(f"page {n}: EMC without BDC/BMC")
            elif op in PAINT:
                ok = any(t == "/Artifact" or m is not None for t, m in stack)
                if not ok:
                    kind = "text" if op in TEXT else "graphics"
                    errors.append(f"page {n}: {kind} ({op}) outside marked content and artifacts")
        if seen and sp is None:
            errors.append(f"page {n} has MCIDs but no /StructParents")
        elif seen:
            arr = parent_tree.get(int(sp))
            if arr is None or len(arr) <= max(seen):
                errors.append(f"page {n}: ParentTree entry misses MCIDs")

    # Fonts embedded, with ToUnicode.
    for n, page in enumerate(pdf.pages, 1):
        fonts = page.obj.get("/Resources", {}).get("/Font", {})
        for name, f in fonts.items():
            desc = f.get("/FontDescriptor")
            if desc is None and "/DescendantFonts" in f:
                desc = f.DescendantFonts[0].get("/FontDescriptor")
            if desc is None or not any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                errors.append(f"page {n}: font {name} not embedded")
            if "/ToUnicode" not in f:
                errors.append(f"page {n}: font {name} has no /ToUnicode")
    summary = ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
    return errors, summary, len(pdf.pages)


def main():
    failed = False
    for path in sys.argv[1:]:
        errors, summary, pages = check(path)
        for e in sorted(set(errors)):
            print(f"{path}: {e}")
        failed |= bool(errors)
        state = "FAILED" if errors else "ok"
        print(f"{path}: {state}: {pages} pages; structure: {summary}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
