"""Name tables shared by the 한글 equation script (EqEdit) ↔ LaTeX converters and the linear form."""

from __future__ import annotations

GREEK_LOWER = ("alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa",
               "lambda", "mu", "nu", "xi", "pi", "rho", "sigma", "tau", "upsilon", "phi", "chi", "psi",
               "omega")
# LaTeX has capitals only where they differ from Latin letters; EqEdit writes them in upper case.
GREEK_UPPER = ("Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma", "Upsilon", "Phi", "Psi", "Omega")

# EqEdit word (matched case-insensitively) -> LaTeX command.
EQ_SYMBOLS: dict[str, str] = {
    "times": r"\times", "div": r"\div", "pm": r"\pm", "mp": r"\mp", "le": r"\le", "leq": r"\le",
    "ge": r"\ge", "geq": r"\ge", "ne": r"\ne", "neq": r"\ne", "approx": r"\approx", "cdot": r"\cdot",
    "cdots": r"\cdots", "ldots": r"\ldots", "inf": r"\infty", "infty": r"\infty", "angle": r"\angle",
    "triangle": r"\triangle", "perp": r"\perp", "because": r"\because", "therefore": r"\therefore",
    "in": r"\in", "notin": r"\notin", "subset": r"\subset", "supset": r"\supset", "subseteq": r"\subseteq",
    "cap": r"\cap", "cup": r"\cup", "emptyset": r"\emptyset", "forall": r"\forall", "exist": r"\exists",
    "prime": r"\prime", "circ": r"\circ", "rarrow": r"\rightarrow", "larrow": r"\leftarrow",
    "lrarrow": r"\leftrightarrow", "partial": r"\partial", "nabla": r"\nabla", "sim": r"\sim",
    "simeq": r"\simeq", "equiv": r"\equiv", "propto": r"\propto", "cong": r"\cong", "lbrace": r"\{",
    "rbrace": r"\}", "smallint": r"\int", "smallinter": r"\cap", "vert": r"\vert", "bullet": r"\bullet",
    "centigrade": r"^{\circ}C", "bot": r"\perp",
}
# Case matters for these arrows in EqEdit (RARROW is the double arrow).
EQ_CASED: dict[str, str] = {"RARROW": r"\Rightarrow", "LARROW": r"\Leftarrow", "LRARROW": r"\Leftrightarrow"}
EQ_FUNCTIONS = ("sin", "cos", "tan", "sec", "csc", "cot", "log", "ln", "exp", "lim", "max", "min",
                "det", "arcsin", "arccos", "arctan", "sinh", "cosh", "tanh", "gcd")
EQ_BIG = {"int": r"\int", "dint": r"\iint", "tint": r"\iiint", "oint": r"\oint", "sum": r"\sum",
          "prod": r"\prod", "coprod": r"\coprod", "union": r"\bigcup", "inter": r"\bigcap"}
EQ_ACCENTS = {"vec": r"\vec", "bar": r"\overline", "hat": r"\hat", "dot": r"\dot", "ddot": r"\ddot",
              "tilde": r"\tilde", "under": r"\underline", "acute": r"\acute", "grave": r"\grave",
              "box": r"\boxed"}
EQ_MATRICES = {"matrix": "matrix", "pmatrix": "pmatrix", "bmatrix": "bmatrix", "dmatrix": "vmatrix",
               "cases": "cases"}
# Lines stacked without brackets (the 한글 idiom ``pile{`#`}`` leaves a blank line); lpile/rpile read as pile.
EQ_STACKS = {"pile": "gathered", "lpile": "gathered", "rpile": "gathered", "eqalign": "aligned"}
EQ_OPERATORS = {"->": r"\to", "<=": r"\le", ">=": r"\ge", "!=": r"\ne", "+-": r"\pm", "-+": r"\mp",
                "==": r"\equiv"}
EQ_STYLE_WORDS = ("rm", "it", "bold")  # font switches: no meaning for search or a plain rendering


def _reverse() -> dict[str, str]:
    table = {latex: word for word, latex in EQ_SYMBOLS.items()}
    table.update({r"\le": "<=", r"\ge": ">=", r"\ne": "!=", r"\pm": "+-", r"\mp": "-+", r"\to": "->",
                  r"\rightarrow": "rarrow", r"\equiv": "==", r"\infty": "inf", r"\leq": "<=", r"\geq": ">=",
                  r"\neq": "!=", r"\int": "int", r"\exists": "exist", r"\{": "lbrace", r"\}": "rbrace",
                  r"\cap": "cap", r"\perp": "perp"})
    table.update({latex: word for word, latex in EQ_CASED.items()})
    table.update({latex: word for word, latex in EQ_BIG.items()})
    table.update({"\\" + name: name for name in GREEK_LOWER})
    table.update({"\\" + name: name.upper() for name in GREEK_UPPER})
    table.update({"\\" + name: name for name in EQ_FUNCTIONS})
    return table


LATEX_TO_EQ: dict[str, str] = _reverse()

# LaTeX command -> readable character for the linear form.
LINEAR: dict[str, str] = {
    r"\times": "×", r"\div": "÷", r"\pm": "±", r"\mp": "∓", r"\le": "≤", r"\leq": "≤", r"\ge": "≥",
    r"\geq": "≥", r"\ne": "≠", r"\neq": "≠", r"\approx": "≈", r"\cdot": "·", r"\cdots": "…",
    r"\ldots": "…", r"\infty": "∞", r"\angle": "∠", r"\triangle": "△", r"\perp": "⊥", r"\because": "∵",
    r"\therefore": "∴", r"\in": "∈", r"\notin": "∉", r"\subset": "⊂", r"\supset": "⊃",
    r"\subseteq": "⊆", r"\cap": "∩", r"\cup": "∪", r"\emptyset": "∅", r"\forall": "∀", r"\exists": "∃",
    r"\prime": "′", r"\circ": "°", r"\rightarrow": "→", r"\to": "→", r"\leftarrow": "←",
    r"\leftrightarrow": "↔", r"\Rightarrow": "⇒", r"\Leftarrow": "⇐", r"\Leftrightarrow": "⇔",
    r"\partial": "∂", r"\nabla": "∇", r"\sim": "∼", r"\simeq": "≃", r"\equiv": "≡", r"\propto": "∝",
    r"\cong": "≅", r"\{": "{", r"\}": "}", r"\int": "∫", r"\iint": "∬", r"\iiint": "∭", r"\oint": "∮",
    r"\sum": "Σ", r"\prod": "Π", r"\coprod": "∐", r"\bigcup": "⋃", r"\bigcap": "⋂", r"\%": "%",
    r"\alpha": "α", r"\beta": "β", r"\gamma": "γ", r"\delta": "δ", r"\epsilon": "ε", r"\zeta": "ζ",
    r"\eta": "η", r"\theta": "θ", r"\iota": "ι", r"\kappa": "κ", r"\lambda": "λ", r"\mu": "μ",
    r"\nu": "ν", r"\xi": "ξ", r"\pi": "π", r"\rho": "ρ", r"\sigma": "σ", r"\tau": "τ",
    r"\upsilon": "υ", r"\phi": "φ", r"\chi": "χ", r"\psi": "ψ", r"\omega": "ω", r"\Gamma": "Γ",
    r"\Delta": "Δ", r"\Theta": "Θ", r"\Lambda": "Λ", r"\Xi": "Ξ", r"\Pi": "Π", r"\Sigma": "Σ",
    r"\Upsilon": "Υ", r"\Phi": "Φ", r"\Psi": "Ψ", r"\Omega": "Ω", r"\vert": "|", r"\bullet": "•",
}
