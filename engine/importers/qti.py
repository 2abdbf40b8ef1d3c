"""IMS QTI 2.1 and 3.0 items: a content package (zip or folder with imsmanifest.xml) or one item file.

Read: ``choiceInteraction`` (객관식; the correct response gives the answer numbers),
``textEntryInteraction`` (단답형) and ``extendedTextInteraction`` (서술형; a scorer rubric or a
correct response is the answer). QTI 3.0 names (``qti-choice-interaction``, ``response-identifier``)
are read by mapping them to the 2.1 names. Images (``<img src>``, ``<object data>``) are taken from
the package. An item with any other interaction (order, match, hotspot, …), or with several
interactions, is reported as a skipped row naming the interaction.

Metadata: the manifest resource's keywords "과목:과학", "학년:중1", … (what our export writes) set the
fields; other keywords become tags. ``row`` is the item's position in the manifest (1 for a single
item file); ``file`` names the package and the item inside it.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree as ET

from engine.importers.attachments import MediaAttachment, media_note, unpack_figure
from engine.importers.choice_feedback import join_explanation
from engine.importers.markup import html_fragment, is_media, our_id, split_keywords, subject_from_name
from engine.importers.qti_structured import (GAP_MARK, INLINE, gap_match_values, inline_values, match_values,
                                             number_gaps, order_values)
from engine.importers.report import ImportFileError, RowProblem
from engine.importers.rows import NO_SUBJECT, SourceRow
from engine.safezip import SafeZip, unsafe_member_reason
from engine.i18n import _t

_PACKAGE_MEMBER_CAP = 64 * 1024 * 1024  # one item XML or figure
_PACKAGE_TOTAL_CAP = 512 * 1024 * 1024  # everything read from one package, counted as inflated

SUPPORTED = {"choiceInteraction": "객관식", "textEntryInteraction": "단답형",
             "extendedTextInteraction": "서술형"}
_INTERACTION = re.compile(r"Interaction$")
_HTML_SKIP = {"rubricBlock", "modalFeedback", "feedbackBlock", "feedbackInline", "templateBlock"}


def _name(element: ET.Element) -> str:
    """Local name, with QTI 3.0 kebab names mapped to 2.1 camel case."""
    local = element.tag.rsplit("}", 1)[-1]
    if local.startswith("qti-"):
        head, *rest = local[4:].split("-")
        local = head + "".join(part.capitalize() for part in rest)
    return local


def _attr(element: ET.Element, name: str) -> str:
    if name in element.attrib:
        return element.attrib[name]
    kebab = re.sub(r"([A-Z])", lambda m: "-" + m.group(1).lower(), name)
    return element.attrib.get(kebab, "")


def looks_like_qti(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            head = handle.read(4096).decode("utf-8", errors="ignore")
    except OSError:
        return False
    return re.search(r"<(\w+:)?(assessmentItem|qti-assessment-item|manifest)[\s>]", head) is not None


class _Source:
    """Files of a package: a zip, a folder, or the folder of a single item file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.zip = (SafeZip(path, str(path), member_cap=_PACKAGE_MEMBER_CAP, total_cap=_PACKAGE_TOTAL_CAP)
                    if path.is_file() and zipfile.is_zipfile(path) else None)
        if self.zip is not None:
            self.names = {n: n for n in self.zip.namelist()}
            manifests = [n for n in self.names if n.rsplit("/", 1)[-1].lower() == "imsmanifest.xml"]
            self.root = manifests[0].rsplit("/", 1)[0] + "/" if manifests and "/" in manifests[0] else ""
        else:
            self.root = ""

    def read(self, name: str) -> bytes:
        """A file of the package; KeyError for a name outside it (absolute, drive letter, '..')."""
        if _absolute(name):
            raise KeyError(name)
        name = posixpath.normpath(self.root + name)
        if unsafe_member_reason(name):
            raise KeyError(name)
        if self.zip is not None:
            return self.zip.read(name)
        base = self.path if self.path.is_dir() else self.path.parent
        target = base / name
        if target.is_symlink() or not target.resolve().is_relative_to(base.resolve()):
            raise KeyError(name)  # a link inside the folder that points elsewhere on the PC
        if target.stat().st_size > _PACKAGE_MEMBER_CAP:
            raise OSError(f"{name} is larger than {_PACKAGE_MEMBER_CAP // (1024 * 1024)} MB")
        return target.read_bytes()

    def close(self) -> None:
        if self.zip is not None:
            self.zip.close()

    def label(self, name: str) -> str:
        return f"{self.path}:{name}"


def _xml(data: bytes, where: str) -> ET.Element:
    try:
        return ET.fromstring(data)
    except ET.ParseError as exc:
        raise RowProblem("row", _t("{where} is not valid XML ({exc})").format(where=where, exc=exc)) from exc


def _manifest_resources(source: _Source) -> list[tuple[str, list[str], str]]:
    """(item href, keywords, resource type) for each item resource, in manifest order; a package
    whose manifest lists only the assessment test gives the items the test refers to."""
    try:
        root = ET.fromstring(source.read("imsmanifest.xml"))
    except KeyError as exc:
        raise ImportFileError(_t("{path}: no imsmanifest.xml; a QTI package lists its items there").format(
            path=source.path)) from exc
    except ET.ParseError as exc:
        raise ImportFileError(_t("{path}: imsmanifest.xml is not valid XML ({exc})").format(
            path=source.path, exc=exc)) from exc
    out = []
    tests = []
    for resource in root.iter():
        if resource.tag.rsplit("}", 1)[-1] != "resource":
            continue
        kind = resource.get("type", "")
        href = resource.get("href", "")
        if kind.startswith("imsqti_test") and href:
            tests.append(href)
        if not kind.startswith("imsqti_item") or not href:
            continue
        keywords = [(s.text or "").strip() for k in resource.iter()
                    if k.tag.rsplit("}", 1)[-1] == "keyword"
                    for s in k.iter() if s.tag.rsplit("}", 1)[-1] in ("string", "langstring")]
        out.append((href, [k for k in keywords if k], kind))
    if not out:
        for test in tests:
            out.extend((href, [], "test") for href in _test_item_refs(source, test))
    return out


def _test_item_refs(source: _Source, test_href: str) -> list[str]:
    """The item files an assessmentTest refers to (``assessmentItemRef href``), relative to the
    package root, in the test's order."""
    try:
        root = ET.fromstring(source.read(test_href))
    except (KeyError, OSError) as exc:
        raise ImportFileError(_t("{path}: the manifest lists the test {test}, which is not in the "
                                 "package").format(path=source.path, test=test_href)) from exc
    except ET.ParseError as exc:
        raise ImportFileError(_t("{path}: the test {test} is not valid XML ({exc})").format(
            path=source.path, test=test_href, exc=exc)) from exc
    base = posixpath.dirname(test_href)
    refs = [_attr(e, "href") for e in root.iter() if _name(e) == "assessmentItemRef"]
    return list(dict.fromkeys(posixpath.normpath(posixpath.join(base, r)) for r in refs if r))


def _body_text(element: ET.Element, out: list[str], interactions: list[ET.Element]) -> None:
    """Serialise the item body back to simple HTML, leaving interactions out (noted in order)."""
    name = _name(element)
    if _INTERACTION.search(name):
        interactions.append(element)
        if name in INLINE:
            out.append(GAP_MARK)
        out.append(_escape(element.tail or ""))
        return
    if name == "gap":
        out.append(GAP_MARK + _escape(element.tail or ""))
        return
    if name in _HTML_SKIP:
        out.append(_escape(element.tail or ""))
        return
    if name == "math":  # kept whole: the HTML reader turns it into one formula
        tail, element.tail = element.tail, None
        out.append(ET.tostring(element, encoding="unicode") + _escape(tail or ""))
        element.tail = tail
        return
    attrs = ""
    if name == "img":
        attrs = f' src="{_escape(element.get("src", ""))}"'
    elif name == "object" and element.get("data"):
        kind = "audio" if is_media(element.get("data", "")) else "img"
        name, attrs = kind, f' src="{_escape(element.get("data", ""))}"'
    elif name in ("audio", "video", "source") and element.get("src"):
        attrs = f' src="{_escape(element.get("src", ""))}"'
    elif name == "div" and element.get("class"):
        attrs = f' class="{_escape(element.get("class", ""))}"'
    if name in ("itemBody",):
        name = "div"
    out.append(f"<{name}{attrs}>{_escape(element.text or '')}")
    for child in element:
        _body_text(child, out, interactions)
    out.append(f"</{name}>{_escape(element.tail or '')}")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _fragment_text(element: ET.Element, media: list[str] | None = None) -> tuple[str, list[str]]:
    parts: list[str] = [_escape(element.text or "")]
    for child in element:
        _body_text(child, parts, [])
    parsed = html_fragment("".join(parts))
    if media is not None:
        media.extend(parsed.media)
    text = "\n".join(t for t in (parsed.passage, parsed.stem) if t)
    return text.replace(GAP_MARK, "( )"), parsed.images


def _item_values(root: ET.Element, where: str) -> dict[str, object]:
    if _name(root) != "assessmentItem":
        raise RowProblem("row", _t("{where}: the root element is <{tag}>, not an assessmentItem").format(
            where=where, tag=root.tag.rsplit("}", 1)[-1]))
    body = next((e for e in root if _name(e) == "itemBody"), None)
    if body is None:
        raise RowProblem("stem", _t("{where}: the item has no itemBody").format(where=where))
    parts: list[str] = []
    interactions: list[ET.Element] = []
    _body_text(body, parts, interactions)
    parsed = html_fragment("".join(parts))
    stem, passage, images, media = parsed.stem, parsed.passage, parsed.images, list(parsed.media)
    kinds = [_name(i) for i in interactions]
    if not interactions:
        raise RowProblem("type", _t("{where}: no interaction — an information page (instructions, a "
                                    "passage), not a question").format(where=where))
    if len(interactions) > 1 and all(k in INLINE for k in kinds) or kinds in (
            ["inlineChoiceInteraction"], ["matchInteraction"], ["gapMatchInteraction"], ["orderInteraction"]):
        values = _structured(root, interactions, kinds, stem, media)
        values.update(passage=passage, images=images, media=media,
                      explanation="\n".join(_fragment_text(f)[0] for f in root if _name(f) == "modalFeedback"))
        return values
    stem = number_gaps(stem)
    if len(interactions) != 1:
        raise RowProblem("type", _t("{where}: {count} interactions ({kinds}); itembank imports items with "
                                    "exactly one choice, text-entry or extended-text interaction").format(
                                        where=where, count=len(interactions), kinds=", ".join(kinds) or "—"))
    interaction = interactions[0]
    kind = kinds[0]
    if kind not in SUPPORTED:
        raise RowProblem("type", _t("{where}: {kind} is not supported; itembank imports choiceInteraction, "
                                    "textEntryInteraction and extendedTextInteraction items").format(
                                        where=where, kind=kind))
    prompt = next((e for e in interaction if _name(e) == "prompt"), None)
    if prompt is not None:
        prompt_text, prompt_images = _fragment_text(prompt, media)
        stem = "\n".join(t for t in (stem, prompt_text) if t)
        images += prompt_images
    correct = _correct_values(root, _attr(interaction, "responseIdentifier"))
    values: dict[str, object] = {"stem": stem, "passage": passage, "type": SUPPORTED[kind]}
    per_choice: dict[int, str] = {}
    if kind == "choiceInteraction":
        choices, ids = [], []
        for choice in interaction:
            if _name(choice) == "simpleChoice":
                text, more = _fragment_text(choice, media)
                choices.append(text)
                images += more
                ids.append(_attr(choice, "identifier"))
                per_choice[len(choices)] = " ".join(  # feedback written inside the choice is its own
                    _fragment_text(f)[0] for f in choice.iter() if _name(f) in ("feedbackInline",
                                                                                "feedbackBlock"))
        missing = [c for c in correct if c not in ids]
        if missing:
            raise RowProblem("answer", _t("{where}: correct response {missing} is not one of the "
                                          "choices").format(where=where, missing=", ".join(missing)))
        values["choices"] = choices
        values["answer"] = ",".join(str(ids.index(c) + 1) for c in correct)
    else:
        rubric = [e for e in root.iter() if _name(e) == "rubricBlock"]
        answer = " | ".join(correct)
        if not answer and rubric:
            answer = _fragment_text(rubric[0])[0]
        values["answer"] = answer
    feedback = [e for e in root if _name(e) == "modalFeedback"]
    values["explanation"] = join_explanation("\n".join(_fragment_text(f)[0] for f in feedback), per_choice)
    values["explanation_images"] = [src for f in feedback for src in _fragment_text(f)[1]]  # the 해설's
    values["images"] = images
    values["media"] = media
    return values


def _plain(element: ET.Element) -> str:
    return _fragment_text(element)[0].replace("\n", " ")


def _structured(root: ET.Element, interactions: list[ET.Element], kinds: list[str], stem: str,
                media: list[str]) -> dict[str, object]:
    """Match, gap-match and cloze-like items (see ``engine.importers.qti_structured``)."""
    first = interactions[0]
    prompt = next((e for e in first if _name(e) == "prompt"), None)
    prompt_text = _fragment_text(prompt, media)[0] if prompt is not None else ""
    correct = _correct_values(root, _attr(first, "responseIdentifier"))
    if kinds[0] == "matchInteraction":
        found = match_values(first, correct, _name, _attr, _plain)
    elif kinds[0] == "gapMatchInteraction":
        def body(children: list[ET.Element]) -> str:
            parts: list[str] = []
            for child in children:
                _body_text(child, parts, [])
            return html_fragment("".join(parts)).stem

        found = gap_match_values(first, correct, _name, _attr, _plain, body)
        prompt_text = "\n".join(t for t in (prompt_text, str(found["text"])) if t)
    elif kinds[0] == "orderInteraction":
        found = order_values(first, correct, _name, _attr, _plain)
    else:
        found = inline_values(interactions, lambda i: _correct_values(root, i), _name, _attr, _plain)
    text = "\n".join(t for t in (number_gaps(stem), number_gaps(prompt_text), *found.get("lines", [])) if t)
    values: dict[str, object] = {"stem": text, "type": found.get("type", "단답형"), "answer": found["answer"]}
    if "choices" in found:
        values["choices"] = found["choices"]
    return values


def _correct_values(root: ET.Element, identifier: str) -> list[str]:
    for declaration in root:
        if _name(declaration) == "responseDeclaration" and _attr(declaration, "identifier") == identifier:
            return [(v.text or "").strip() for c in declaration if _name(c) == "correctResponse"
                    for v in c if _name(v) == "value" and (v.text or "").strip()]
    return []


def _absolute(name: str) -> bool:
    """An absolute path, a UNC path or a drive letter: never a file of the package."""
    return name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name) is not None


def _store_images(sources: list[str], item_href: str, source: _Source, scratch: Path,
                  media: list[str]) -> list[str]:
    paths = []
    base = posixpath.dirname(item_href)
    for src in sources:
        if re.match(r"^[a-z][a-z0-9+.-]+:", src, re.IGNORECASE):
            raise RowProblem("images", _t("figure {src!r} is a link, not a file in the package").format(
                src=src[:60]))
        if _absolute(src):
            raise RowProblem("images", _t("{item}: figure {src!r} is an absolute path; a figure must be a "
                                          "file inside the package, named relative to the item").format(
                                              item=item_href, src=src[:200]))
        name = posixpath.normpath(posixpath.join(base, src))
        if unsafe_member_reason(name):
            raise RowProblem("images", _t("{item}: figure {src!r} points outside the package").format(
                item=item_href, src=src[:200]))
        try:
            data = source.read(name)
        except (KeyError, OSError):
            raise RowProblem("images", _t("figure {name} is not in the package").format(name=name)) from None
        try:
            paths.append(str(unpack_figure(data, name, scratch)))
        except MediaAttachment:
            media.append(src)
    return paths


def read_qti(path: Path, warnings: list[str], scratch: Path) -> Iterator[SourceRow]:
    if path.is_file() and path.name.lower() == "imsmanifest.xml":
        path = path.parent  # the manifest of an unzipped package: read the folder
    source = _Source(path)
    try:
        yield from _read_source(path, source, warnings, scratch)
    finally:
        source.close()


def _read_source(path: Path, source: _Source, warnings: list[str], scratch: Path
                 ) -> Iterator[SourceRow]:
    single = source.zip is None and path.is_file()
    if single:
        entries = [(path.name, [], "single")]
        source = _Source(path.parent)
    else:
        entries = _manifest_resources(source)
        if not entries:
            raise ImportFileError(_t("{path}: the manifest lists no QTI item resources (type "
                                     "imsqti_item_…)").format(path=path))
    skipped_kinds: dict[str, int] = {}
    name_subject = subject_from_name(path)
    for number, (href, keywords, _kind) in enumerate(entries, start=1):
        where = str(path) if single else source.label(href)
        try:
            try:
                data = source.read(href)
            except (KeyError, OSError):
                raise RowProblem("row", _t("{href} is listed in the manifest but missing").format(
                    href=href)) from None
            root = _xml(data, href)
            values = _item_values(root, href)
            media = list(values.pop("media"))
            values["images"] = _store_images(list(values["images"]), href, source, scratch, media)
            try:  # a 해설 figure that cannot be read costs the 해설 its figure, not the item
                values["explanation_images"] = _store_images(list(values.get("explanation_images", [])),
                                                             href, source, scratch, media)
            except RowProblem as problem:
                values["explanation_images"] = []
                warnings.append(f"{path.name}:{href}: {problem.reason}")
            if media:
                warnings.append(media_note(f"{path.name}:{href}", media))
        except RowProblem as problem:
            if problem.field == "type":
                skipped_kinds[problem.reason.split(": ", 1)[-1].split(" ", 1)[0]] = 1
            yield SourceRow(where, number, {}, path.parent, problem)
            continue
        meta, tags = split_keywords(keywords)
        meta.pop("type", None)
        values.update(meta)
        values["tags"] = tags
        values["id"] = our_id(_attr(root, "identifier"))
        yield SourceRow(where, number, values, path.parent,
                        guessed={"subject": name_subject} if name_subject else {},
                        missing_subject=_t("{no_subject}: pass --subject, add the keyword 과목:<subject> to "
                                           "the item's manifest metadata (itembank's own export does) or "
                                           "name the file after the subject (e.g. 과학_문항.zip)").format(
                                               no_subject=_t(NO_SUBJECT)))
    if skipped_kinds:
        warnings.append(_t("{path}: some items use interactions itembank does not import (see skipped "
                           "rows)").format(path=path))
