"""Export items as an IMS QTI 2.1 (or 3.0) content package (.zip) or a Moodle XML file (.xml).

객관식 → choiceInteraction / multichoice, 단답형 → textEntryInteraction / shortanswer,
서술형 → extendedTextInteraction (answer in a scorer rubric) / essay (answer in graderinfo).
Metadata travels as "과목:수학"-style keywords (QTI manifest LOM keywords, Moodle tags) and the item id
as the QTI identifier / Moodle idnumber, so that ``itembank import`` reads back the same items;
figures are packed as files (QTI) or embedded base64 (Moodle) and come back with the same sha256.
The 해설's figures go with the 해설: into QTI's modalFeedback and Moodle's generalfeedback (its own
embedded files), and the importers read them back as the 해설's figures, not the question's.
"""

from __future__ import annotations

import base64
import html
import re
import zipfile
from collections.abc import Iterable
from pathlib import Path
from xml.etree import ElementTree as ET
from xml.sax.saxutils import escape, quoteattr

from engine.i18n import _t
from engine.atomic import atomic_path
from engine.catalog.catalog import SqlCatalog
from engine.errors import InvalidInput
from engine.importers.choice_feedback import split_explanation
from engine.importers.markup import meta_keywords, passage_html, text_to_html
from engine.items import Item

_QTI_NS = "http://www.imsglobal.org/xsd/imsqti_v2p1"


class InteropExportError(InvalidInput):
    pass


def _figures(catalog: SqlCatalog, item: Item, shas: list[str] | None = None) -> list[tuple[str, bytes]]:
    """(file name, bytes) of ``shas``: the question's figures unless told otherwise."""
    out = []
    for sha in item.images if shas is None else shas:
        path = catalog.asset_path(sha)
        if path is None or not path.exists():
            raise InteropExportError(_t("item {id}: figure {value} is missing from the data folder").format(
                                         id=item.id, value=sha[:12]))
        out.append((path.name, path.read_bytes()))
    return out


def _answers(item: Item) -> list[int]:
    try:
        return [int(a) for a in item.answer.split(",") if a.strip()]
    except ValueError:
        return []


# -- QTI 2.1 --------------------------------------------------------------------------------------
def _qti_item(item: Item, figure_names: list[str], solution_names: tuple[str, ...] = ()) -> str:
    images = "".join(f'<p><img src="../images/{n}" alt=""/></p>' for n in figure_names)
    body = passage_html(item.passage) + text_to_html(item.stem) + images
    body = body.replace("<br>", "<br/>")
    if item.type == "객관식":
        correct = "".join(f"<value>C{n}</value>" for n in _answers(item))
        cardinality = "multiple" if len(_answers(item)) > 1 else "single"
        declaration = (f'<responseDeclaration identifier="RESPONSE" cardinality="{cardinality}" '
                       f'baseType="identifier"><correctResponse>{correct}</correctResponse>'
                       "</responseDeclaration>")
        choices = "".join(f'<simpleChoice identifier="C{n}">{escape(c)}</simpleChoice>'
                          for n, c in enumerate(item.choices, start=1))
        interaction = (f'<choiceInteraction responseIdentifier="RESPONSE" shuffle="false" '
                       f'maxChoices="{0 if cardinality == "multiple" else 1}">{choices}</choiceInteraction>')
    elif item.type == "단답형":
        correct = "".join(f"<value>{escape(a.strip())}</value>" for a in item.answer.split(" | ")
                          if a.strip())
        declaration = ('<responseDeclaration identifier="RESPONSE" cardinality="single" baseType="string">'
                       + (f"<correctResponse>{correct}</correctResponse>" if correct else "")
                       + "</responseDeclaration>")
        interaction = '<p><textEntryInteraction responseIdentifier="RESPONSE"/></p>'
    else:
        declaration = '<responseDeclaration identifier="RESPONSE" cardinality="single" baseType="string"/>'
        interaction = '<extendedTextInteraction responseIdentifier="RESPONSE"/>'
        if item.answer:
            interaction += f'<rubricBlock view="scorer">{text_to_html(item.answer)}</rubricBlock>'
    feedback = ""
    if item.explanation or solution_names:
        solution = "".join(f'<p><img src="../images/{n}" alt=""/></p>' for n in solution_names)
        content = (text_to_html(item.explanation) + solution).replace("<br>", "<br/>")
        feedback = ('<modalFeedback outcomeIdentifier="FEEDBACK" identifier="EXPLANATION" '
                    f'showHide="show">{content}</modalFeedback>')
    title = quoteattr(item.stem.split("\n", 1)[0][:60])
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<assessmentItem xmlns="{_QTI_NS}" '
            f'identifier={quoteattr(item.id)} title={title} adaptive="false" timeDependent="false">'
            f'{declaration}<outcomeDeclaration identifier="SCORE" cardinality="single" baseType="float"/>'
            f'<itemBody>{body}{interaction}</itemBody>{feedback}</assessmentItem>\n')


_QTI3_NS = "http://www.imsglobal.org/xsd/imsqtiasi_v3p0"
_QTI_ELEMENTS = {"assessmentItem", "responseDeclaration", "outcomeDeclaration", "correctResponse",
                 "value", "itemBody", "choiceInteraction", "simpleChoice", "textEntryInteraction",
                 "extendedTextInteraction", "rubricBlock", "modalFeedback", "prompt"}
_WRAPPED = {"rubricBlock", "modalFeedback"}  # QTI 3.0 puts their content in qti-content-body


def _kebab(name: str) -> str:
    return re.sub(r"([A-Z])", lambda m: "-" + m.group(1).lower(), name)


def _to_qti3(xml21: str) -> str:
    """The same item in QTI 3.0 names: qti-choice-interaction, response-identifier, …"""
    ET.register_namespace("", _QTI3_NS)  # write it as the default namespace, without a prefix
    root = ET.fromstring(xml21.encode("utf-8"))
    for element in list(root.iter()):
        local = element.tag.rsplit("}", 1)[-1]
        if local in _QTI_ELEMENTS:
            element.tag = f"{{{_QTI3_NS}}}qti-{_kebab(local)}"
        else:
            element.tag = f"{{{_QTI3_NS}}}{local}"
        for key in list(element.attrib):
            if re.search(r"[A-Z]", key):
                element.attrib[_kebab(key)] = element.attrib.pop(key)
        if local in _WRAPPED:
            body = ET.Element(f"{{{_QTI3_NS}}}qti-content-body")
            body.extend(list(element))
            body.text, element.text = element.text, None
            for child in list(element):
                element.remove(child)
            element.append(body)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def export_qti(catalog: SqlCatalog, items: Iterable[Item], out: Path, version: str = "2.1") -> int:
    """A content package; ``version`` "2.1" (default, what most LMSs read) or "3.0"."""
    qti3 = version == "3.0"
    resources: list[str] = []
    count = 0
    with atomic_path(out) as tmp, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as package:
        written: set[str] = set()
        for item in items:
            figures = _figures(catalog, item)
            solution = _figures(catalog, item, item.explanation_images)
            for name, data in figures + solution:
                if name not in written:
                    package.writestr(f"images/{name}", data)
                    written.add(name)
            href = f"items/{item.id}.xml"
            xml = _qti_item(item, [n for n, _ in figures], tuple(n for n, _ in solution))
            package.writestr(href, _to_qti3(xml) if qti3 else xml)
            keywords = "".join(f"<keyword><string>{escape(k)}</string></keyword>"
                               for k in meta_keywords(item))
            files = "".join(f'<file href="images/{n}"/>' for n in dict.fromkeys(n for n, _ in figures + solution))
            kind = "imsqti_item_xmlv3p0" if qti3 else "imsqti_item_xmlv2p1"
            resources.append(f'<resource identifier="R-{escape(item.id)}" type="{kind}" '
                             f'href="{href}"><metadata><lom xmlns="http://ltsc.ieee.org/xsd/LOM">'
                             f'<general>{keywords}</general></lom></metadata><file href="{href}"/>'
                             f'{files}</resource>')
            count += 1
        namespace = ("http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1" if qti3
                     else "http://www.imsglobal.org/xsd/imscp_v1p1")
        schema = "QTI Package</schema><schemaversion>3.0.0" if qti3 else \
            "QTIv2.1 Package</schema><schemaversion>1.0.0"
        package.writestr("imsmanifest.xml", (
            f'<?xml version="1.0" encoding="UTF-8"?>\n<manifest xmlns="{namespace}" '
            f'identifier="itembank-export"><metadata><schema>{schema}</schemaversion></metadata>'
            "<organizations/><resources>" + "".join(resources) + "</resources></manifest>\n"))
    return count


# -- Moodle XML -----------------------------------------------------------------------------------
def _cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _embedded(figures: list[tuple[str, bytes]]) -> tuple[str, str]:
    """(the HTML that shows ``figures``, the ``<file>`` elements that carry them)."""
    images = "".join(f'<p><img src="@@PLUGINFILE@@/{html.escape(n)}" alt=""></p>' for n, _ in figures)
    files = "".join(f'<file name={quoteattr(n)} path="/" encoding="base64">'
                    f"{base64.b64encode(d).decode()}</file>" for n, d in figures)
    return images, files


def _moodle_question(item: Item, figures: list[tuple[str, bytes]],
                     solution: list[tuple[str, bytes]] | None = None) -> str:
    kind = {"객관식": "multichoice", "단답형": "shortanswer"}.get(item.type, "essay")
    images, files = _embedded(figures)
    solution_images, solution_files = _embedded(solution or [])
    body = passage_html(item.passage) + text_to_html(item.stem) + images
    general, per_choice = split_explanation(item.explanation) if kind == "multichoice" else \
        (item.explanation, {})
    parts = [f'<question type="{kind}">',
             f"<name><text>{escape(item.stem.split(chr(10), 1)[0][:60])}</text></name>",
             f'<questiontext format="html"><text>{_cdata(body)}</text>{files}</questiontext>',
             f'<generalfeedback format="html"><text>{_cdata(text_to_html(general) + solution_images)}'
             f"</text>{solution_files}</generalfeedback>",
             "<defaultgrade>1</defaultgrade>", f"<idnumber>{escape(item.id)}</idnumber>"]
    if kind == "multichoice":
        right = _answers(item)
        share = 100 / len(right) if right else 0
        parts.append(f"<single>{'false' if len(right) > 1 else 'true'}</single>"
                     "<shuffleanswers>false</shuffleanswers><answernumbering>123</answernumbering>")
        for number, choice in enumerate(item.choices, start=1):
            fraction = f"{share:g}" if number in right else "0"
            feedback = per_choice.get(number, "")
            parts.append(f'<answer fraction="{fraction}" format="html"><text>{_cdata(text_to_html(choice))}'
                         f'</text><feedback format="html"><text>{_cdata(text_to_html(feedback))}</text>'
                         "</feedback></answer>")
    elif kind == "shortanswer":
        parts.append("<usecase>0</usecase>")
        for answer in (a.strip() for a in item.answer.split(" | ")):
            if answer:
                parts.append(f'<answer fraction="100" format="moodle_auto_format"><text>{escape(answer)}'
                             "</text></answer>")
    else:
        parts.append(f'<graderinfo format="html"><text>{_cdata(text_to_html(item.answer))}</text>'
                     "</graderinfo>")
    tags = "".join(f"<tag><text>{escape(t)}</text></tag>" for t in meta_keywords(item))
    parts.append(f"<tags>{tags}</tags></question>")
    return "".join(parts)


def export_moodle(catalog: SqlCatalog, items: Iterable[Item], out: Path) -> int:
    count = 0
    with atomic_path(out) as tmp, tmp.open("w", encoding="utf-8") as handle:
        handle.write('<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n')
        for item in items:
            solution = _figures(catalog, item, item.explanation_images)
            handle.write(_moodle_question(item, _figures(catalog, item), solution) + "\n")
            count += 1
        handle.write("</quiz>\n")
    return count
