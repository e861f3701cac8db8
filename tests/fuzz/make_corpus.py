"""Writes the seed corpus in tests/fuzz/corpus/ (run it to regenerate; the files are committed).

Each seed is hostile in one way and carries ordinary slips ("a,b", "end.Next",
"a important") right next to the hostile part, so that fixes actually happen
where offsets are easiest to get wrong. Bytes are written exactly as given:
line endings, byte-order marks and encodings are part of the test.
"""

from __future__ import annotations

import codecs
from pathlib import Path

HERE = Path(__file__).resolve().parent / "corpus"

SLIPS = "The council met on Tuesday,and voted.It was a important day."

SEEDS: dict[str, bytes] = {
    "emoji.md": (
        "# Launch Day 🚀,and More\n\n"
        "Hi 👍🏽,there.The 👨‍👩‍👧 family,went home.It was a important day 🇬🇧.\n\n"
        "- 🎉,party.Then 🧑🏿‍🚀 left\n- flags 🇺🇸🇫🇷,and keycaps 1️⃣,2️⃣.\n"
    ).encode("utf-8"),
    "combining.txt": (
        "Cafe\u0301,bar.Then e\u0301te\u0301,went home.\n"
        "Z\u0337\u0322a\u0336\u0327l\u0334g\u0335o,text.It was a important day.\n"
        "Hangul \u1100\u1161\u11a8,jamo.Done\n"
    ).encode("utf-8"),
    "zero_width.md": (
        "Zero\u200bwidth,space.Next word\u2060joiner,here.\n\n"
        "A\u200dB,c and soft\u00adhyphen,here.It was a important day.\n\n"
        "A stray\ufeffBOM,inside.Then \u200c,ZWNJ.\n"
    ).encode("utf-8"),
    "nbsp.txt": (
        "Hello\u00a0,world.\u00a0The end.\n"
        "Narrow\u202f;space,here.Thin\u2009space,here.\n"
        "Ideographic\u3000space,here.It was a important day.\n"
    ).encode("utf-8"),
    "rtl.md": (
        "# שלום,עולם and More\n\n"
        "English,then \u200fשלום,עולם\u200e.Next مرحبا,بالعالم.Done\n\n"
        "Override \u202eevil,text\u202c.It was a important day.\n"
    ).encode("utf-8"),
    "cr_only.txt": ("Title Here\r" + SLIPS + "\rSecond,line.Ends here\r").encode("utf-8"),
    "crlf.md": (
        "# Title,here\r\n\r\n" + SLIPS + "\r\n\r\n```\r\ncode,stays.As is\r\n```\r\n\r\nLast,line.\r\n"
    ).encode("utf-8"),
    "mixed_endings.md": (
        "Intro,text.\r\nSecond,line.\rThird,line.\nFourth,line.\r\n\r\n" + SLIPS + "\rNo final,newline"
    ).encode("utf-8"),
    "no_final_newline.txt": ("Headline Without End\n" + SLIPS).encode("utf-8"),
    "line_separators.txt": (
        "One,two.\x0bThree,four.\x0cFive,six.\x1cSeven,eight.\x85Nine,ten.\u2028Eleven,twelve.\u2029End,x.\n"
    ).encode("utf-8"),
    "nul.txt": b"Looks,like text.\x00\x01\x02 but is not.\n",
    "nested_lists.md": (
        "- item,one.It\n  - nested,two\n    - deeper,three.It was a important day.\n"
        "      continued,line\n1. num,one\n   1. sub,two\n      - mixed,three\n\n"
        "* loose,item\n\n  second,paragraph.In item\n\n    indented code,in item.Stays\n"
        "- [ ] task,box\n- [x] done,box\n"
    ).encode("utf-8"),
    "tables.md": (
        "| Name,x | Value,y |\n|:---|---:|\n| e,f.The | `g,h` |\n| a \\| b,c | **bold,cell** |\n"
        "| [link,text](http://a.b/c,d) | 1,000 |\n\nAfter,table.\n"
    ).encode("utf-8"),
    "html_blocks.md": (
        "<div>\nx,y.The html,stays\n</div>\n\n<!-- comment,here.The -->\n\n"
        "<pre>\npre,text.Stays\n</pre>\n\n<script>var a=1,b=2;</script>\n\n"
        "After,html.Inline <span>span,text</span> and,more.\n"
    ).encode("utf-8"),
    "front_matter.md": (
        "---\ntitle: a,b.The\ntags: [x,y]\n---\n\nBody,text.It was a important day.\n"
    ).encode("utf-8"),
    "unterminated_front_matter.md": (
        "---\ntitle: a,b\nfoo: c,d.The\n\nBody,text.It was a important day.\n"
    ).encode("utf-8"),
    "setext.md": (
        "Heading,one\n===\n\nSub,two.The\n---\n\ntext,here.\n\nNot a heading,\n- list\n"
    ).encode("utf-8"),
    "code.md": (
        "```python\na,b.The = 1\n```\n\n~~~\ntilde,fence.The\n~~~\n\n    indented,code.The\n\n"
        "Say `x,y` and ``a`b,c`` and,z.Then `unclosed,code\n\n"
        "````\n```\nnested,fence.The\n```\n````\n\nLast,one.\n\n```\nunclosed,fence.The\n"
    ).encode("utf-8"),
    "markdown_edge.md": (
        "Links [link,text](https://x.y/a,b) and <https://auto.link/a,b>.Then ![alt,text](i.png).\n\n"
        "Ref [ref,link][r] and *emph,asis*.**Bold**.\n\n[r]: https://ref.target/x,y\n\n"
        "Escaped \\*not,emph\\* and &amp;entity,here &copy;.It\n"
        "Hard break  \nnext,line\\\nafter,backslash.\n\n"
        "> quote,text.It\n> - quoted,item\n\n***\n\n1) paren,list\n"
    ).encode("utf-8"),
    "astral.md": (
        "# 𝔘𝔫𝔦𝔠𝔬𝔡𝔢,title\n\n𝔘𝔫𝔦𝔠𝔬𝔡𝔢,here.𝕋he 𠀀𠀁,cjk.It was a important day 😀.\n\n"
        "😀,start and end,😀\n"
    ).encode("utf-8"),
    "long_word.txt": (
        "Long " + "supercalifragilistic" * 15 + ",word.Then "
        + "https://example.com/" + "a" * 3000 + ",x and,more.\n"
    ).encode("utf-8"),
    "bom_utf8.md": codecs.BOM_UTF8 + ("# Title,here\n\n" + SLIPS + "\n").encode("utf-8"),
    "utf16le_bom.txt": codecs.BOM_UTF16_LE + ("Headline Here\r\n" + SLIPS + " Café,naïve.\r\n").encode("utf-16-le"),
    "utf16be_bom.md": codecs.BOM_UTF16_BE + ("# Title,here\n\n" + SLIPS + "\n").encode("utf-16-be"),
    "latin1.txt": ("Headline Here\n" + SLIPS + " Café,naïve.Déjà vu\n").encode("latin-1"),
    "invalid_utf8.txt": b"Valid,start.The \xff\xfe then,more.\n",
    "empty.md": b"",
    "whitespace_only.txt": "  \n\t\n \r\n\u00a0\n".encode("utf-8"),
}

#: How each seed is meant to be handled: "text" is checked and fixed,
#: "binary" skipped with a note, "invalid" an error for that file only,
#: "latin-1" needs --encoding latin-1.
KIND = {"nul.txt": "binary", "invalid_utf8.txt": "invalid", "latin1.txt": "latin-1"}


def main() -> None:
    HERE.mkdir(parents=True, exist_ok=True)
    for name, data in SEEDS.items():
        (HERE / name).write_bytes(data)
    # Line endings and encodings are the point: git must not normalise them.
    (HERE / ".gitattributes").write_text("* -text -diff\n", encoding="utf-8")


if __name__ == "__main__":
    main()
