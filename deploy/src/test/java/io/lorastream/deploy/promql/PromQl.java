package io.lorastream.deploy.promql;

import io.lorastream.deploy.promql.Lexer.Kind;
import io.lorastream.deploy.promql.Lexer.Token;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A PromQL checker that needs no Prometheus: it parses an expression (operators with Prometheus' precedence,
 * vector matching, aggregations, functions, range selectors, subqueries, offset and @), checks argument and
 * operand types, and checks every metric and label against a {@link Schema}: unknown metrics, labels a series
 * does not carry, {@code by}/{@code without}/{@code on} labels the inner expression does not have,
 * {@code histogram_quantile} over series without {@code le}, and {@code job} matchers naming no scrape job all fail.
 */
public final class PromQl {

    /** What the metrics look like: series names with their labels, and the scrape jobs. */
    public interface Schema {
        /** Labels of a series (job and instance included), or null when no service exports it. */
        Set<String> labelsOf(String series);

        Set<String> jobs();

        /**
         * Why {@code label="value"} can never match on {@code series} (a value its exporter never writes), or null
         * when it can or when that cannot be known.
         */
        default String valueProblem(String series, String label, String value) {
            return null;
        }
    }

    public enum Type { SCALAR, INSTANT, RANGE, STRING }

    /** An expression's type, its labels (null when they cannot be known), and the metrics it reads. */
    public record Result(Type type, Set<String> labels, Set<String> metrics, String literal, boolean selector) {
    }

    private record Fn(List<Type> params, int required, boolean variadic, Type returns) {
    }

    private static final Map<String, Fn> FUNCTIONS = functions();
    private static final Set<String> AGGREGATIONS = Set.of("sum", "avg", "min", "max", "count", "group", "stddev",
            "stdvar", "topk", "bottomk", "quantile", "count_values");
    private static final Set<String> RESERVED = Set.of("and", "or", "unless", "by", "without", "on", "ignoring",
            "group_left", "group_right", "bool", "offset");

    private final List<Token> tokens;
    private final Schema schema;
    private final String expr;
    private final Set<String> metrics = new TreeSet<>();
    private int at;

    private PromQl(String expr, Schema schema) {
        this.expr = expr;
        this.tokens = Lexer.tokens(expr);
        this.schema = schema;
    }

    /** Checks {@code expr}; it must evaluate to an instant vector or a scalar. */
    public static Result check(String expr, Schema schema) {
        PromQl p = new PromQl(expr, schema);
        try {
            Result r = p.expression(0);
            if (p.peek().kind() != Kind.EOF) {
                throw p.error("unexpected '" + p.peek().text() + "'");
            }
            if (r.type() != Type.INSTANT && r.type() != Type.SCALAR) {
                throw p.error("the expression is a " + r.type().name().toLowerCase() + ", not an instant vector or scalar");
            }
            return new Result(r.type(), r.labels(), Set.copyOf(p.metrics), r.literal(), r.selector());
        } catch (PromQlException e) {
            throw new PromQlException(e.getMessage() + " in: " + expr.strip());
        }
    }

    // ------------------------------------------------------------------ binary operators

    private static int precedence(Token t) {
        if (t.isWord("or")) {
            return 1;
        }
        if (t.isWord("and") || t.isWord("unless")) {
            return 2;
        }
        if (t.kind() == Kind.OP) {
            switch (t.text()) {
                case "==", "!=", "<=", "<", ">=", ">" -> { return 3; }
                case "+", "-" -> { return 4; }
                case "*", "/", "%" -> { return 5; }
                case "^" -> { return 6; }
                default -> { return -1; }
            }
        }
        if (t.isWord("atan2")) {
            return 5;
        }
        return -1;
    }

    private Result expression(int minPrecedence) {
        Result left = unary();
        while (true) {
            Token op = peek();
            int prec = precedence(op);
            if (prec < 0 || prec < minPrecedence) {
                return left;
            }
            next();
            String name = op.text().toLowerCase();
            boolean comparison = prec == 3;
            boolean set = prec <= 2;
            boolean bool = false;
            if (peek().isWord("bool")) {
                if (!comparison) {
                    throw error("bool is only allowed after a comparison");
                }
                next();
                bool = true;
            }
            Matching matching = matching();
            // ^ is right-associative; every other operator left-associative.
            Result right = expression(op.is("^") ? prec : prec + 1);
            left = binary(name, left, right, comparison, set, bool, matching);
        }
    }

    private record Matching(String kind, Set<String> labels, String group, Set<String> include) {
    }

    private Matching matching() {
        String kind = null;
        Set<String> labels = Set.of();
        if (peek().isWord("on") || peek().isWord("ignoring")) {
            kind = next().text().toLowerCase();
            labels = labelList();
        }
        String group = null;
        Set<String> include = Set.of();
        if (peek().isWord("group_left") || peek().isWord("group_right")) {
            if (kind == null) {
                throw error(peek().text() + " needs on(…) or ignoring(…) before it");
            }
            group = next().text().toLowerCase();
            if (peek().is("(")) {
                include = labelList();
            }
        }
        return kind == null ? null : new Matching(kind, labels, group, include);
    }

    private Result binary(String op, Result l, Result r, boolean comparison, boolean set, boolean bool, Matching m) {
        for (Result side : List.of(l, r)) {
            if (side.type() == Type.RANGE || side.type() == Type.STRING) {
                throw error("operator " + op + " cannot take a " + side.type().name().toLowerCase());
            }
        }
        if (set) {
            if (l.type() != Type.INSTANT || r.type() != Type.INSTANT) {
                throw error("set operator " + op + " needs instant vectors on both sides");
            }
        }
        if (l.type() == Type.SCALAR && r.type() == Type.SCALAR) {
            if (comparison && !bool) {
                throw error("comparisons between scalars need bool");
            }
            if (m != null) {
                throw error("vector matching between scalars");
            }
            return new Result(Type.SCALAR, Set.of(), Set.of(), null, false);
        }
        if (l.type() == Type.SCALAR || r.type() == Type.SCALAR) {
            if (m != null) {
                throw error("vector matching with a scalar operand");
            }
            return new Result(Type.INSTANT, l.type() == Type.SCALAR ? r.labels() : l.labels(), Set.of(), null, false);
        }
        if (m != null) {
            for (String label : m.labels()) {
                requireLabel(label, l, m.kind() + "(…) of " + op + " (left side)");
                if (!op.equals("or") && !op.equals("unless")) {
                    requireLabel(label, r, m.kind() + "(…) of " + op + " (right side)");
                }
            }
            if (m.group() != null) {
                Result other = m.group().equals("group_left") ? r : l;
                for (String label : m.include()) {
                    requireLabel(label, other, m.group() + "(…)");
                }
            }
        }
        Set<String> labels;
        if (op.equals("or")) {
            labels = union(l.labels(), r.labels());
        } else if (set) {
            labels = l.labels();
        } else if (m == null) {
            labels = l.labels();
        } else if (m.group() != null) {
            labels = union(m.group().equals("group_left") ? l.labels() : r.labels(), m.include());
        } else if (m.kind().equals("on")) {
            labels = m.labels();
        } else {
            labels = minus(l.labels(), m.labels());
        }
        return new Result(Type.INSTANT, labels, Set.of(), null, false);
    }

    // ------------------------------------------------------------------ unary and postfix

    private Result unary() {
        if (peek().is("-") || peek().is("+")) {
            next();
            Result operand = unary();
            if (operand.type() != Type.SCALAR && operand.type() != Type.INSTANT) {
                throw error("unary minus cannot take a " + operand.type().name().toLowerCase());
            }
            return new Result(operand.type(), operand.labels(), Set.of(), null, false);
        }
        return postfix(primary());
    }

    private Result postfix(Result r) {
        while (true) {
            if (peek().is("[")) {
                next();
                Token range = expect(Kind.DURATION, "a duration");
                if (peek().is(":")) {
                    next();
                    if (peek().kind() == Kind.DURATION) {
                        next();
                    }
                    expectPunct("]");
                    if (r.type() != Type.INSTANT) {
                        throw error("a subquery needs an instant vector, got a " + r.type().name().toLowerCase());
                    }
                } else {
                    expectPunct("]");
                    if (!r.selector()) {
                        throw error("range [" + range.text() + "] after something that is not a metric selector (use a subquery [" + range.text() + ":])");
                    }
                }
                r = new Result(Type.RANGE, r.labels(), Set.of(), null, false);
            } else if (peek().isWord("offset")) {
                next();
                if (peek().is("-")) {
                    next();
                }
                expect(Kind.DURATION, "a duration after offset");
                r = new Result(r.type(), r.labels(), Set.of(), null, r.selector());
            } else if (peek().is("@")) {
                next();
                if (peek().kind() == Kind.NUMBER) {
                    next();
                } else if (peek().isWord("start") || peek().isWord("end")) {
                    next();
                    expectPunct("(");
                    expectPunct(")");
                } else {
                    throw error("@ needs a timestamp, start() or end()");
                }
            } else {
                return r;
            }
        }
    }

    // ------------------------------------------------------------------ primaries

    private Result primary() {
        Token t = peek();
        switch (t.kind()) {
            case NUMBER -> {
                next();
                return new Result(Type.SCALAR, Set.of(), Set.of(), null, false);
            }
            case STRING -> {
                next();
                return new Result(Type.STRING, Set.of(), Set.of(), t.text(), false);
            }
            case PUNCT -> {
                if (t.is("(")) {
                    next();
                    Result inner = expression(0);
                    expectPunct(")");
                    return new Result(inner.type(), inner.labels(), Set.of(), inner.literal(), false);
                }
                if (t.is("{")) {
                    return selector(null);
                }
                throw error("unexpected '" + t.text() + "'");
            }
            case IDENT -> {
                String word = t.text();
                String lower = word.toLowerCase();
                if (lower.equals("inf") || lower.equals("nan")) {
                    next();
                    return new Result(Type.SCALAR, Set.of(), Set.of(), null, false);
                }
                if (AGGREGATIONS.contains(lower) && (peekAt(1).is("(") || peekAt(1).isWord("by") || peekAt(1).isWord("without"))) {
                    return aggregation();
                }
                if (peekAt(1).is("(")) {
                    return function();
                }
                if (RESERVED.contains(lower)) {
                    throw error("keyword '" + word + "' where an expression should be");
                }
                next();
                return selector(word);
            }
            default -> throw error(t.kind() == Kind.EOF ? "unexpected end of expression" : "unexpected '" + t.text() + "'");
        }
    }

    private Result selector(String name) {
        List<String[]> matchers = new ArrayList<>();
        if (peek().is("{")) {
            next();
            while (!peek().is("}")) {
                Token label = expect(Kind.IDENT, "a label name");
                Token op = next();
                if (!(op.is("=") || op.is("!=") || op.is("=~") || op.is("!~"))) {
                    throw error("expected a label matcher operator after " + label.text() + ", got '" + op.text() + "'");
                }
                Token value = expect(Kind.STRING, "a quoted label value");
                if (op.text().contains("~")) {
                    try {
                        Pattern.compile(value.text());
                    } catch (PatternSyntaxException e) {
                        throw error("invalid regex \"" + value.text() + "\" for label " + label.text());
                    }
                }
                matchers.add(new String[] {label.text(), op.text(), value.text()});
                if (peek().is(",")) {
                    next();
                } else if (!peek().is("}")) {
                    throw error("expected ',' or '}' in label matchers");
                }
            }
            next();
        }
        for (String[] matcher : matchers) {
            if (matcher[0].equals("__name__")) {
                if (name != null || !matcher[1].equals("=")) {
                    throw error("this checker only follows __name__=\"…\" on selectors without a name");
                }
                name = matcher[2];
            }
        }
        if (name == null) {
            throw error("a selector needs a metric name");
        }
        Set<String> labels = schema.labelsOf(name);
        if (labels == null) {
            throw error("no service exports a metric named " + name);
        }
        metrics.add(name);
        for (String[] matcher : matchers) {
            if (matcher[0].equals("__name__")) {
                continue;
            }
            if (!labels.contains(matcher[0])) {
                throw error(name + " has no label " + matcher[0] + " (it has " + labels + ")");
            }
            if (matcher[0].equals("job")) {
                checkJob(matcher[1], matcher[2]);
            } else if (matcher[1].equals("=")) {
                String problem = schema.valueProblem(name, matcher[0], matcher[2]);
                if (problem != null) {
                    throw error(problem);
                }
            }
        }
        return new Result(Type.INSTANT, labels, Set.of(), null, true);
    }

    private void checkJob(String op, String value) {
        Set<String> jobs = schema.jobs();
        boolean any = switch (op) {
            case "=" -> jobs.contains(value);
            case "=~" -> jobs.stream().anyMatch(j -> Pattern.matches(value, j));
            default -> true;
        };
        if (!any) {
            throw error("job " + op + " \"" + value + "\" matches no scrape job (jobs: " + jobs + ")");
        }
    }

    private Result aggregation() {
        String op = next().text().toLowerCase();
        Set<String> grouping = null;
        boolean without = false;
        if (peek().isWord("by") || peek().isWord("without")) {
            without = next().isWord("without");
            grouping = labelList();
        }
        expectPunct("(");
        List<Result> args = new ArrayList<>();
        args.add(expression(0));
        while (peek().is(",")) {
            next();
            args.add(expression(0));
        }
        expectPunct(")");
        if (grouping == null && (peek().isWord("by") || peek().isWord("without"))) {
            without = next().isWord("without");
            grouping = labelList();
        }
        boolean parameter = Set.of("topk", "bottomk", "quantile", "count_values").contains(op);
        if (args.size() != (parameter ? 2 : 1)) {
            throw error(op + " takes " + (parameter ? 2 : 1) + " argument(s), got " + args.size());
        }
        Result vector = args.get(args.size() - 1);
        if (vector.type() != Type.INSTANT) {
            throw error(op + " needs an instant vector, got a " + vector.type().name().toLowerCase());
        }
        if (parameter) {
            Type want = op.equals("count_values") ? Type.STRING : Type.SCALAR;
            if (args.get(0).type() != want) {
                throw error(op + "'s first argument must be a " + want.name().toLowerCase());
            }
        }
        if (grouping != null) {
            for (String label : grouping) {
                requireLabel(label, vector, op + (without ? " without" : " by"));
            }
        }
        Set<String> labels;
        if (op.equals("topk") || op.equals("bottomk")) {
            labels = vector.labels();
        } else if (grouping == null) {
            labels = Set.of();
        } else if (without) {
            labels = minus(vector.labels(), grouping);
        } else {
            labels = grouping;
        }
        if (op.equals("count_values")) {
            labels = union(labels, Set.of(args.get(0).literal()));
        }
        return new Result(Type.INSTANT, labels, Set.of(), null, false);
    }

    private Result function() {
        Token nameToken = next();
        String name = nameToken.text();
        Fn fn = FUNCTIONS.get(name);
        if (fn == null) {
            throw error("unknown function " + name + "()");
        }
        expectPunct("(");
        List<Result> args = new ArrayList<>();
        if (!peek().is(")")) {
            args.add(expression(0));
            while (peek().is(",")) {
                next();
                args.add(expression(0));
            }
        }
        expectPunct(")");
        if (args.size() < fn.required() || !fn.variadic() && args.size() > fn.params().size()) {
            throw error(name + "() takes " + (fn.required() == fn.params().size() ? fn.required() : fn.required() + "–" + fn.params().size())
                    + " argument(s), got " + args.size());
        }
        for (int i = 0; i < args.size(); i++) {
            Type want = fn.params().get(Math.min(i, fn.params().size() - 1));
            if (args.get(i).type() != want) {
                throw error(name + "() argument " + (i + 1) + " must be a " + want.name().toLowerCase()
                        + " vector/value, got a " + args.get(i).type().name().toLowerCase());
            }
        }
        Set<String> labels = Set.of();
        Result vectorArg = args.stream().filter(a -> a.type() == Type.INSTANT || a.type() == Type.RANGE).findFirst().orElse(null);
        if (vectorArg != null) {
            labels = vectorArg.labels();
        }
        switch (name) {
            case "histogram_quantile" -> {
                requireLabel("le", args.get(1), "histogram_quantile (its input must be _bucket series aggregated by le)");
                labels = minus(labels, Set.of("le"));
            }
            case "label_replace", "label_join" -> {
                String dst = args.get(1).literal();
                if (dst == null) {
                    throw error(name + "() needs the destination label as a string literal");
                }
                if (name.equals("label_replace") && args.get(3).literal() != null && !args.get(3).literal().isEmpty()) {
                    requireLabel(args.get(3).literal(), args.get(0), "label_replace's source label");
                }
                labels = union(labels, Set.of(dst));
            }
            case "absent", "absent_over_time", "vector", "time", "scalar" -> labels = Set.of();
            default -> {
            }
        }
        return new Result(fn.returns(), labels, Set.of(), null, false);
    }

    // ------------------------------------------------------------------ helpers

    private void requireLabel(String label, Result of, String where) {
        if (of.labels() != null && !of.labels().contains(label)) {
            throw error(where + " names label " + label + ", which the expression does not have (it has " + new TreeSet<>(of.labels()) + ")");
        }
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        if (a == null || b == null) {
            return null;
        }
        Set<String> out = new LinkedHashSet<>(a);
        out.addAll(b);
        return out;
    }

    private static Set<String> minus(Set<String> a, Set<String> b) {
        if (a == null) {
            return null;
        }
        Set<String> out = new LinkedHashSet<>(a);
        out.removeAll(b);
        return out;
    }

    private Set<String> labelList() {
        expectPunct("(");
        Set<String> labels = new LinkedHashSet<>();
        while (!peek().is(")")) {
            labels.add(expect(Kind.IDENT, "a label name").text());
            if (peek().is(",")) {
                next();
            } else if (!peek().is(")")) {
                throw error("expected ',' or ')' in a label list");
            }
        }
        next();
        return labels;
    }

    private Token peek() {
        return tokens.get(at);
    }

    private Token peekAt(int ahead) {
        return tokens.get(Math.min(at + ahead, tokens.size() - 1));
    }

    private Token next() {
        Token t = tokens.get(at);
        if (t.kind() != Kind.EOF) {
            at++;
        }
        return t;
    }

    private Token expect(Kind kind, String what) {
        Token t = next();
        if (t.kind() != kind) {
            throw error("expected " + what + ", got '" + t.text() + "'");
        }
        return t;
    }

    private void expectPunct(String p) {
        Token t = next();
        if (!t.is(p)) {
            throw error("expected '" + p + "', got '" + (t.kind() == Kind.EOF ? "end of expression" : t.text()) + "'");
        }
    }

    private PromQlException error(String message) {
        return new PromQlException(message + " (at offset " + peek().pos() + ")");
    }

    private static Map<String, Fn> functions() {
        Map<String, Fn> f = new java.util.HashMap<>();
        Type s = Type.SCALAR;
        Type v = Type.INSTANT;
        Type m = Type.RANGE;
        Type str = Type.STRING;
        for (String n : List.of("rate", "irate", "increase", "delta", "idelta", "deriv", "changes", "resets",
                "avg_over_time", "min_over_time", "max_over_time", "sum_over_time", "count_over_time", "stddev_over_time",
                "stdvar_over_time", "last_over_time", "present_over_time", "absent_over_time", "mad_over_time")) {
            f.put(n, new Fn(List.of(m), 1, false, v));
        }
        f.put("quantile_over_time", new Fn(List.of(s, m), 2, false, v));
        f.put("predict_linear", new Fn(List.of(m, s), 2, false, v));
        f.put("holt_winters", new Fn(List.of(m, s, s), 3, false, v));
        for (String n : List.of("abs", "ceil", "floor", "exp", "ln", "log2", "log10", "sqrt", "sgn", "sort", "sort_desc",
                "timestamp", "absent", "acos", "asin", "atan", "cos", "sin", "tan", "deg", "rad")) {
            f.put(n, new Fn(List.of(v), 1, false, v));
        }
        f.put("round", new Fn(List.of(v, s), 1, false, v));
        f.put("clamp", new Fn(List.of(v, s, s), 3, false, v));
        f.put("clamp_min", new Fn(List.of(v, s), 2, false, v));
        f.put("clamp_max", new Fn(List.of(v, s), 2, false, v));
        f.put("histogram_quantile", new Fn(List.of(s, v), 2, false, v));
        f.put("label_replace", new Fn(List.of(v, str, str, str, str), 5, false, v));
        f.put("label_join", new Fn(List.of(v, str, str, str), 3, true, v));
        f.put("scalar", new Fn(List.of(v), 1, false, s));
        f.put("vector", new Fn(List.of(s), 1, false, v));
        f.put("time", new Fn(List.of(), 0, false, s));
        f.put("pi", new Fn(List.of(), 0, false, s));
        for (String n : List.of("minute", "hour", "day_of_month", "day_of_week", "day_of_year", "days_in_month", "month", "year")) {
            f.put(n, new Fn(List.of(v), 0, false, v));
        }
        return Map.copyOf(f);
    }
}
