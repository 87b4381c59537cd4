"""The expression parser: what counts as an expression, literals, escapes, errors."""

import pytest

from arm_orchlint.evaluation.expressions import (
    Call,
    ExpressionError,
    ExpressionTooDeep,
    Index,
    Literal,
    Member,
    is_expression,
    parse_expression,
    unescape_literal,
)


def test_only_bracketed_strings_are_expressions():
    assert is_expression("[parameters('a')]")
    assert not is_expression("parameters('a')")
    assert not is_expression("[parameters('a')")
    assert not is_expression("x[0]")


def test_double_bracket_is_an_escaped_literal():
    assert not is_expression("[[not an expression]")
    assert unescape_literal("[[not an expression]") == "[not an expression]"
    assert unescape_literal("plain") == "plain"


def test_call_with_string_and_integer_arguments():
    node = parse_expression("[concat('a', 12, -3)]")
    assert node == Call("concat", "concat", (Literal("a"), Literal(12), Literal(-3)), 1)


def test_doubled_single_quote_inside_string_literal():
    node = parse_expression("[concat('it''s', '''')]")
    assert node.args == (Literal("it's"), Literal("'"))


def test_brackets_inside_string_literal_are_text():
    node = parse_expression("[concat('[x]', ']')]")
    assert node.args == (Literal("[x]"), Literal("]"))


def test_whitespace_is_allowed_between_tokens():
    node = parse_expression("[  concat (  'a' ,\n\t'b'  ) ]")
    assert node.key == "concat" and node.args == (Literal("a"), Literal("b"))


def test_function_names_are_case_insensitive_keys():
    node = parse_expression("[ToLower('A')]")
    assert node.name == "ToLower" and node.key == "tolower"


def test_property_access_and_indexing_chain():
    node = parse_expression("[parameters('p').items[0].name]")
    assert isinstance(node, Member) and node.name == "name"
    assert isinstance(node.target, Index) and node.target.index == Literal(0)
    assert isinstance(node.target.target, Member) and node.target.target.name == "items"


def test_index_with_expression():
    node = parse_expression("[variables('map')[parameters('key')]]")
    assert isinstance(node, Index) and isinstance(node.index, Call)


def test_true_false_null_are_calls():
    assert parse_expression("[true()]") == Call("true", "true", (), 1)
    assert parse_expression("[null()]").key == "null"


def test_dotted_name_is_a_user_function():
    node = parse_expression("[myNs.makeName('a')]")
    assert node.key == "myns.makename"


def test_lambda_parses_as_ordinary_call():
    node = parse_expression("[map(createArray(1), lambda('x', lambdaVariables('x')))]")
    assert node.args[1].key == "lambda"


@pytest.mark.parametrize(
    "text,offset",
    [
        ("[concat('a']", 11),  # missing ')'
        ("['unterminated]", 1),  # string literal never closed
        ("[a(1,)]", 5),  # dangling comma
        ("[a()b]", 4),  # trailing garbage
        ("[bare]", 5),  # name without a call
        ("[a(#)]", 3),  # character outside the grammar
        ("[]", 1),  # nothing inside
        ("[concat(\u00b2)]", 8),  # a digit int() cannot read (superscript two): no ValueError
        ("[add(1\u00b2, 1)]", 6),
    ],
)
def test_syntax_errors_raise_expression_error_with_offset(text, offset):
    with pytest.raises(ExpressionError) as caught:
        parse_expression(text)
    assert caught.value.offset == offset


def test_other_decimal_digits_are_integers():
    assert parse_expression("[add(\u0663, 1)]").args[0] == Literal(3)  # ARABIC-INDIC DIGIT THREE


def test_not_an_expression_raises_expression_error():
    with pytest.raises(ExpressionError):
        parse_expression("plain text")


def test_nesting_limit():
    deep = "[" + "not(" * 50 + "true()" + ")" * 50 + "]"
    parse_expression(deep, max_depth=60)
    with pytest.raises(ExpressionTooDeep):
        parse_expression(deep, max_depth=20)


def test_compiled_trees_are_cached():
    assert parse_expression("[add(1, 2)]") is parse_expression("[add(1, 2)]")
