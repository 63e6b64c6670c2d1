"""Anki's HTML fields -> readable plain text: line breaks and lists kept, bold as Markdown **bold**.

Images and sounds are dropped (the importer counts the package's media once); scripts and styles are
dropped with their content; everything else keeps only its text. Whitespace follows HTML: runs of
spaces and raw newlines are one space, and only <br>, blocks and list items break lines.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

BLOCKS = {"div", "p", "ul", "ol", "table", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre",
          "section", "article", "header", "footer", "dl", "dt", "dd", "hr"}
BOLD = {"b", "strong"}
DROPPED = {"script", "style", "head", "title"}
SOUND_RE = re.compile(r"\[sound:[^\]]*\]")
SPACES_RE = re.compile(r"[ \t\r\n\f\v\xa0]+")


class _Text(HTMLParser):
    """Collects text and layout markers from an HTML fragment."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0
        self.bold = 0
        self.lists: list[list[int]] = []  # per open list: [ordered (0/1), next number]

    def newline(self) -> None:
        """A hard line break (<br>)."""
        self.parts.append("\n")

    def block(self) -> None:
        """A block boundary: start a new line unless already at the start of one."""
        for part in reversed(self.parts):
            if part.strip(" "):
                if not part.rstrip(" ").endswith("\n"):
                    self.parts.append("\n")
                return

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in DROPPED:
            self.skip += 1
        elif tag == "br":
            self.newline()
        elif tag in ("ul", "ol"):
            self.block()
            self.lists.append([1 if tag == "ol" else 0, 1])
        elif tag == "li":
            self.block()
            if self.lists and self.lists[-1][0]:
                self.parts.append(f"\x02{self.lists[-1][1]}. ")
                self.lists[-1][1] += 1
            else:
                self.parts.append("\x02- ")
        elif tag in BOLD:
            self.bold += 1
            if self.bold == 1:
                self.parts.append("\x01")
        elif tag in ("td", "th"):
            self.parts.append(" ")
        elif tag in BLOCKS:
            self.block()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in DROPPED:
            return
        self.handle_starttag(tag, attrs)
        if tag in ("ul", "ol"):
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in DROPPED:
            self.skip = max(0, self.skip - 1)
        elif tag in ("ul", "ol"):
            if self.lists:
                self.lists.pop()
            self.block()
        elif tag in BOLD:
            if self.bold == 1:
                self.parts.append("\x01")
            self.bold = max(0, self.bold - 1)
        elif tag in BLOCKS or tag == "li":
            self.block()

    def handle_data(self, data: str) -> None:
        if not self.skip:
            data = "".join(c for c in data if c >= " " or c in "\t\r\n")  # our markers are control chars
            self.parts.append(SPACES_RE.sub(" ", data))


def _bold(text: str) -> str:
    """\x01 markers -> `**bold**`, in one linear pass (a regex here backtracked for minutes on an
    unclosed <b> followed by thousands of <br>). Whitespace stays outside the stars; an unclosed or
    empty bold is dropped."""
    pieces = text.split("\x01")
    out = [pieces[0]]
    for i in range(1, len(pieces), 2):
        inside = pieces[i]
        if i + 1 >= len(pieces):  # unclosed: keep the text, drop the marker
            out.append(inside)
            break
        core = inside.strip()
        if core:
            lead = inside[: len(inside) - len(inside.lstrip())]
            trail = inside[len(inside.rstrip()):]
            out.append(f"{lead}**{core}**{trail}")
        else:
            out.append(inside)
        out.append(pieces[i + 1])
    return "".join(out)


def html_to_text(html: str) -> str:
    """Readable text of an HTML field (see the module doc)."""
    parser = _Text()
    parser.feed(SOUND_RE.sub("", html))
    parser.close()
    text = _bold("".join(parser.parts))
    lines = [line.strip(" ") for line in text.split("\n")]
    lines = [line.replace("\x02", "") for line in lines]
    text = "\n".join(lines)
    text = re.sub(r"\n{3,}", "\n\n", text)
    text = "".join(ch for ch in text if ch in "\n\t" or ch >= " ")
    return text.strip()
