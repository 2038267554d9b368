"""A board's own Word template (templates/<report>.docx), filled in by docxtpl in a sandbox."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest

from assurance_cli.problems import AssureError
from assurance_cli.render.papers.docx import render_docx_template

from .papers_sample import HOSTILE


def make_template(path: Path, *paragraphs: str, header: str | None = None) -> Path:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if header is not None:
        document.sections[0].header.paragraphs[0].text = header
    document.save(str(path))
    return path


def texts(raw: bytes) -> list[str]:
    return [p.text for p in docx.Document(io.BytesIO(raw)).paragraphs]


def test_a_board_template_is_filled_in(tmp_path: Path) -> None:
    template = make_template(
        tmp_path / "action-plan.docx",
        "{{ board.name }}: action plan",
        "{% for a in actions %}{{ a.ref }} {{ a.status }}; {% endfor %}",
        header="{{ board.short_name }}",
    )
    context = {
        "board": {"name": "Sandwell Safeguarding Children Board", "short_name": "SSCB"},
        "actions": [{"ref": "1a", "status": "Completed"}, {"ref": "1b", "status": "Off-track"}],
    }
    raw = render_docx_template(template, context)
    assert texts(raw)[:2] == [
        "Sandwell Safeguarding Children Board: action plan",
        "1a Completed; 1b Off-track; ",
    ]
    assert docx.Document(io.BytesIO(raw)).sections[0].header.paragraphs[0].text == "SSCB"


def test_record_text_is_never_read_as_markup_in_a_template(tmp_path: Path) -> None:
    template = make_template(tmp_path / "t.docx", "{% for line in lines %}[{{ line }}]{% endfor %}")
    raw = render_docx_template(template, {"lines": list(HOSTILE)})
    body = docx.Document(io.BytesIO(raw)).element.body
    assert body.xpath("//w:fldSimple | //w:fldChar | //w:instrText") == []
    text = texts(raw)[0]
    for line in HOSTILE[:6]:  # markup-like lines, typed as they are
        assert f"[{line}]" in text
    assert "bell escape[31m nul rlognp.exe" in text  # controls dropped, the rest kept


def test_a_mistyped_name_fails_and_names_the_template(tmp_path: Path) -> None:
    template = make_template(tmp_path / "action-plan.docx", "{{ board.nmae }}")
    with pytest.raises(AssureError, match=r"action-plan\.docx") as caught:
        render_docx_template(template, {"board": {"name": "SSCB"}})
    assert "nmae" in str(caught.value)


def test_a_syntax_error_names_the_template(tmp_path: Path) -> None:
    template = make_template(tmp_path / "bad.docx", "{% for x in %}")
    with pytest.raises(AssureError, match=r"template .*bad\.docx"):
        render_docx_template(template, {})


@pytest.mark.parametrize(
    "source",
    [
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ self.__init__.__globals__ }}",
        "{{ 'x' * 100000000 }}",
    ],
)
def test_the_sandbox_refuses_unsafe_templates(tmp_path: Path, source: str) -> None:
    template = make_template(tmp_path / "evil.docx", source)
    with pytest.raises(AssureError, match=r"evil\.docx"):
        render_docx_template(template, {})


def test_a_template_that_is_not_a_word_file_is_refused(tmp_path: Path) -> None:
    template = tmp_path / "action-plan.docx"
    template.write_text("{{ hello }}")
    with pytest.raises(AssureError, match=r"action-plan\.docx"):
        render_docx_template(template, {})


def test_a_template_with_a_linked_picture_is_refused(tmp_path: Path) -> None:
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    document = docx.Document()
    document.part.relate_to("http://192.0.2.1/pixel.png", RT.IMAGE, is_external=True)
    document.save(str(tmp_path / "action-plan.docx"))
    with pytest.raises(
        AssureError, match=r"action-plan\.docx: the document links to files outside it \(image\)"
    ):
        render_docx_template(tmp_path / "action-plan.docx", {})
