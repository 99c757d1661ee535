"""Reads PowerShell source through tree-sitter-powershell's syntax tree.

Gives the contract tests what the PowerShell engine would see in a module's
text: each function's CmdletBinding and OutputType attributes, its
comment-based help and, per parameter, the declared type, aliases,
ValidateSet and every [Parameter()] attribute; the names an
`Export-ModuleMember` statement exports; and a module manifest (.psd1) as
plain Python values. Nothing here matches text with regular expressions:
every value comes from a node of the tree.
"""

from __future__ import annotations

import dataclasses
import pathlib
from typing import Any, Iterator, Optional

import tree_sitter
import tree_sitter_powershell

ALL_SETS = "__AllParameterSets"

PARSER = tree_sitter.Parser(tree_sitter.Language(tree_sitter_powershell.language()))

# PowerShell's type accelerators that this module uses, by lower-case name.
ACCELERATORS = {
    "string": "System.String",
    "switch": "System.Management.Automation.SwitchParameter",
    "hashtable": "System.Collections.Hashtable",
    "uri": "System.Uri",
    "pscredential": "System.Management.Automation.PSCredential",
    "int": "System.Int32",
    "long": "System.Int64",
    "datetime": "System.DateTime",
    "object": "System.Object",
    "psobject": "System.Management.Automation.PSObject",
    "double": "System.Double",
    "bool": "System.Boolean",
    "securestring": "System.Security.SecureString",
    "x509certificate": "System.Security.Cryptography.X509Certificates.X509Certificate",
    "scriptblock": "System.Management.Automation.ScriptBlock",
}


def parse(path: pathlib.Path) -> tree_sitter.Tree:
    return PARSER.parse(path.read_bytes())


def syntax_problems(tree: tree_sitter.Tree) -> list[tree_sitter.Node]:
    """ERROR and MISSING nodes, in document order."""
    out: list[tree_sitter.Node] = []

    def walk(node: tree_sitter.Node) -> None:
        if node.type == "ERROR" or node.is_missing:
            out.append(node)
        for child in node.children:
            walk(child)

    walk(tree.root_node)
    return out


def text(node: tree_sitter.Node) -> str:
    return node.text.decode("utf-8")


def children(node: tree_sitter.Node, kind: str) -> list[tree_sitter.Node]:
    return [c for c in node.children if c.type == kind]


def child(node: tree_sitter.Node, kind: str) -> Optional[tree_sitter.Node]:
    for c in node.children:
        if c.type == kind:
            return c
    return None


def descendants(node: tree_sitter.Node, kind: str) -> Iterator[tree_sitter.Node]:
    for c in node.children:
        if c.type == kind:
            yield c
        yield from descendants(c, kind)


def normalize_type(name: str) -> str:
    """The full .NET name of a type as written in PowerShell (`string[]` -> `System.String[]`)."""
    name = name.strip()
    if name.startswith("[") and name.endswith("]"):
        name = name[1:-1].strip()
    suffix = ""
    while name.endswith("[]"):
        suffix += "[]"
        name = name[:-2].strip()
    full = ACCELERATORS.get(name.lower(), name)
    if "." not in full and not full.lower().startswith("system"):
        full = "System." + full
    return full + suffix


# ---- values ------------------------------------------------------------------------------


class NotConstant(ValueError):
    """The expression is not a constant the engine would see without running code."""


def unquote(node: tree_sitter.Node) -> str:
    """The value of a string_literal node (verbatim, expandable or here-string)."""
    inner = node.children[0] if node.type == "string_literal" and node.children else node
    raw = text(inner)
    if inner.type == "verbatim_string_characters":
        return raw[1:-1].replace("''", "'")
    if inner.type == "expandable_string_literal":
        body = raw[1:-1]
        if "$" in body or "`" in body:
            raise NotConstant(f"expandable string with expansions: {raw}")
        return body.replace('""', '"')
    if inner.type == "verbatim_here_string_characters":
        return raw[2:-2].strip("\r\n")
    raise NotConstant(f"unsupported string form {inner.type}: {raw}")


def value(node: tree_sitter.Node) -> Any:
    """A constant expression as a Python value: strings, integers, $true/$false/$null,
    arrays (list), hashtables (dict) and type literals (normalized name)."""
    kind = node.type
    if kind in ("string_literal",):
        return unquote(node)
    if kind == "integer_literal":
        return int(text(node))
    if kind == "variable":
        name = text(node).lower()
        if name in ("$true", "$false", "$null"):
            return {"$true": True, "$false": False, "$null": None}[name]
        raise NotConstant(f"variable {text(node)}")
    if kind == "type_literal":
        return normalize_type(text(node))
    if kind == "hash_literal_expression":
        out: dict[str, Any] = {}
        body = child(node, "hash_literal_body")
        for entry in children(body, "hash_entry") if body else []:
            key_node = child(entry, "key_expression")
            key = value(key_node.children[0]) if key_node.children[0].type != "simple_name" else text(key_node.children[0])
            # the value is the node after '='; a ';' separating entries on one line may follow it
            out[str(key)] = value([c for c in entry.children if c.type not in ("=", ";")][-1])
        return out
    if kind == "array_expression":
        items: list[Any] = []
        statements = child(node, "statement_list")
        for statement in statements.children if statements else []:
            v = value(statement)
            items.extend(v if isinstance(v, list) else [v])
        return items
    if kind == "array_literal_expression":
        parts = [c for c in node.children if c.type != ","]
        if len(parts) == 1:
            return value(parts[0])
        return [value(p) for p in parts]
    if kind == "parenthesized_expression":
        return value(node.children[1])
    # single-child wrappers (pipeline, logical_expression, unary_expression, ...)
    meaningful = [c for c in node.children if c.type not in ("comment",)]
    if len(meaningful) == 1:
        return value(meaningful[0])
    raise NotConstant(f"{kind}: {text(node)[:80]}")


# ---- attributes --------------------------------------------------------------------------


@dataclasses.dataclass
class Attribute:
    name: str
    positional: list[Any]
    named: dict[str, Any]  # keys lower-case; a bare name (e.g. Mandatory) is True


def attribute(node: tree_sitter.Node) -> Attribute:
    name_node = child(node, "attribute_name")
    name = text(name_node) if name_node else ""
    positional: list[Any] = []
    named: dict[str, Any] = {}
    arguments = child(node, "attribute_arguments")
    for argument in children(arguments, "attribute_argument") if arguments else []:
        simple = child(argument, "simple_name")
        if simple is not None:
            expressions = [c for c in argument.children if c.type not in ("simple_name", "=")]
            named[text(simple).lower()] = value(expressions[0]) if expressions else True
        else:
            positional.append(value(argument.children[0]))
    return Attribute(name, positional, named)


# ---- functions ---------------------------------------------------------------------------


@dataclasses.dataclass
class ParameterSetEntry:
    mandatory: bool
    position: Optional[int]
    value_from_pipeline: bool
    value_from_pipeline_by_property_name: bool

    def as_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclasses.dataclass
class Parameter:
    name: str
    type: str
    aliases: list[str]
    validate_set: Optional[list[str]]
    parameter_sets: dict[str, ParameterSetEntry]


@dataclasses.dataclass
class Function:
    name: str
    line: int
    cmdlet_binding: Optional[Attribute]
    output_types: list[str]
    aliases: list[str]
    help: str
    parameters: list[Parameter]

    def binding(self, key: str, default: Any = None) -> Any:
        if self.cmdlet_binding is None:
            return default
        return self.cmdlet_binding.named.get(key.lower(), default)


def _parameter(node: tree_sitter.Node) -> Parameter:
    variable = child(node, "variable")
    name = text(variable).lstrip("$")
    type_name = "System.Object"
    aliases: list[str] = []
    validate_set: Optional[list[str]] = None
    sets: dict[str, ParameterSetEntry] = {}
    attributes = child(node, "attribute_list")
    for item in children(attributes, "attribute") if attributes else []:
        literal = child(item, "type_literal")
        if literal is not None:
            type_name = normalize_type(text(literal))
            continue
        a = attribute(item)
        kind = a.name.lower()
        if kind in ("parameter", "system.management.automation.parameter"):
            set_name = a.named.get("parametersetname", ALL_SETS)
            if set_name in sets:
                raise ValueError(f"-{name} declares parameter set {set_name} twice")
            sets[set_name] = ParameterSetEntry(
                mandatory=bool(a.named.get("mandatory", False)),
                position=a.named.get("position"),
                value_from_pipeline=bool(a.named.get("valuefrompipeline", False)),
                value_from_pipeline_by_property_name=bool(a.named.get("valuefrompipelinebypropertyname", False)),
            )
        elif kind == "alias":
            aliases.extend(str(v) for v in a.positional)
        elif kind == "validateset":
            validate_set = [str(v) for v in a.positional]
    if not sets:
        sets[ALL_SETS] = ParameterSetEntry(False, None, False, False)
    return Parameter(name, type_name, aliases, validate_set, sets)


def _help_comment(function: tree_sitter.Node) -> str:
    """Comment-based help: a block comment just inside the function's braces or
    at the top of its script block, before the param block."""
    texts = [text(c) for c in children(function, "comment")]
    block = child(function, "script_block")
    if block is not None:
        texts += [text(c) for c in children(block, "comment")]
    return "\n".join(t for t in texts if t.startswith("<#"))


def functions(tree: tree_sitter.Tree) -> list[Function]:
    """Every function statement at the top level of the file."""
    out: list[Function] = []
    statements = child(tree.root_node, "statement_list")
    for node in children(statements, "function_statement") if statements else []:
        name = text(child(node, "function_name"))
        block = child(node, "script_block")
        param_block = child(block, "param_block") if block is not None else None
        binding: Optional[Attribute] = None
        output_types: list[str] = []
        aliases: list[str] = []
        parameters: list[Parameter] = []
        if param_block is not None:
            attributes = child(param_block, "attribute_list")
            for item in children(attributes, "attribute") if attributes else []:
                a = attribute(item)
                if a.name.lower() == "cmdletbinding":
                    binding = a
                elif a.name.lower() == "outputtype":
                    output_types.extend(normalize_type(str(v)) for v in a.positional)
                elif a.name.lower() == "alias":
                    aliases.extend(str(v) for v in a.positional)
            plist = child(param_block, "parameter_list")
            for p in children(plist, "script_parameter") if plist else []:
                parameters.append(_parameter(p))
        out.append(Function(name, node.start_point[0] + 1, binding, output_types, aliases, _help_comment(node), parameters))
    return out


def exported_members(tree: tree_sitter.Tree) -> dict[str, list[str]]:
    """The -Function/-Alias/-Variable/-Cmdlet lists of Export-ModuleMember statements."""
    out: dict[str, list[str]] = {}
    for command in descendants(tree.root_node, "command"):
        name = child(command, "command_name")
        if name is None or text(name).lower() != "export-modulemember":
            continue
        elements = child(command, "command_elements")
        current: Optional[str] = None
        for element in elements.children if elements else []:
            if element.type == "command_parameter":
                current = text(element).lstrip("-").lower()
                out.setdefault(current, [])
            elif element.type == "command_argument_sep":
                continue
            elif current is not None:
                v = value(element) if element.type != "generic_token" else text(element)
                out[current].extend(v if isinstance(v, list) else [v])
    return out


def manifest(path: pathlib.Path) -> dict[str, Any]:
    """A module manifest as a dict (its top-level hashtable)."""
    tree = parse(path)
    problems = syntax_problems(tree)
    if problems:
        row, col = problems[0].start_point
        raise ValueError(f"{path}:{row + 1}:{col + 1}: syntax error")
    tables = list(descendants(tree.root_node, "hash_literal_expression"))
    if not tables:
        raise ValueError(f"{path}: no hashtable")
    return value(tables[0])
