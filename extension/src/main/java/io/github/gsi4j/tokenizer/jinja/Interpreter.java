package io.github.gsi4j.tokenizer.jinja;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.gsi4j.tokenizer.MarkedText;
import io.github.gsi4j.tokenizer.jinja.Node.Expr;

/**
 * Renders a parsed template. Values are only ever data: no string is parsed or evaluated as a template,
 * so message content that looks like Jinja is printed as it is. Scoping follows Jinja2: a for loop's body
 * and a macro's body have their own variables, {@code set} inside them does not change the outside (use
 * {@code namespace()}), an {@code if} has no scope of its own.
 */
final class Interpreter {

    /** The output: text, and which characters are message data. */
    static final class Out {
        final StringBuilder text = new StringBuilder();
        final BitSet data = new BitSet();

        void append(MarkedText t) {
            int n = text.length();
            text.append(t.text());
            for (int i = t.data().nextSetBit(0); i >= 0; i = t.data().nextSetBit(i + 1)) {
                data.set(n + i);
            }
        }

        MarkedText toMarked() {
            return new MarkedText(text.toString(), (BitSet) data.clone());
        }
    }

    /** Variables of one scope, falling back to the enclosing one. */
    static final class Scope {
        final Scope parent;
        final Map<String, Object> vars = new HashMap<>();

        Scope(Scope parent) {
            this.parent = parent;
        }

        Object lookup(String name) {
            for (Scope s = this; s != null; s = s.parent) {
                if (s.vars.containsKey(name)) {
                    return s.vars.get(name);
                }
            }
            return new Undefined("'" + name + "'");
        }
    }

    private static final class LoopControl extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final boolean isBreak;

        LoopControl(boolean isBreak) {
            super(null, null, false, false);
            this.isBreak = isBreak;
        }
    }

    private static final LoopControl BREAK = new LoopControl(true);
    private static final LoopControl CONTINUE = new LoopControl(false);

    private Interpreter() {
    }

    static MarkedText render(List<Node> template, Scope globals) {
        Out out = new Out();
        execute(template, new Scope(globals), out);
        return out.toMarked();
    }

    private static void execute(List<Node> body, Scope scope, Out out) {
        for (Node n : body) {
            execute(n, scope, out);
        }
    }

    private static void execute(Node node, Scope scope, Out out) {
        try {
            run(node, scope, out);
        } catch (TemplateException | LoopControl e) {
            throw e;
        } catch (RuntimeException e) { // a type error inside a filter or method: report it on its line
            throw new TemplateException(e.getClass().getSimpleName() + (e.getMessage() == null ? ""
                    : ": " + e.getMessage()), node.line());
        }
    }

    private static void run(Node node, Scope scope, Out out) {
        switch (node) {
            case Node.Text t -> out.text.append(t.text());
            case Node.Print p -> out.append(Values.marked(eval(p.expr(), scope)));
            case Node.If i -> {
                for (int k = 0; k < i.tests().size(); k++) {
                    if (Values.truthy(eval(i.tests().get(k), scope))) {
                        execute(i.bodies().get(k), scope, out);
                        return;
                    }
                }
                execute(i.otherwise(), scope, out);
            }
            case Node.For f -> loop(f, scope, out);
            case Node.Set s -> assign(s, scope);
            case Node.SetBlock s -> {
                Out captured = new Out();
                execute(s.body(), scope, captured);
                scope.vars.put(s.target(), captured.toMarked());
            }
            case Node.Macro m -> scope.vars.put(m.name(), macro(m, scope));
            case Node.FilterBlock f -> {
                Out captured = new Out();
                execute(f.body(), scope, captured);
                out.append(Values.marked(filter(f.filter(), captured.toMarked(), scope)));
            }
            case Node.LoopControl c -> throw c.isBreak() ? BREAK : CONTINUE;
            case Node.Block b -> execute(b.body(), scope, out);
            case Expr e -> out.append(Values.marked(eval(e, scope)));
        }
    }

    private static void loop(Node.For f, Scope scope, Out out) {
        List<Object> items = new ArrayList<>();
        Scope inner = new Scope(scope);
        for (Object item : Values.iterate(eval(f.iterable(), scope), f.line())) {
            if (f.filter() != null) {
                bind(f.targets(), item, inner, f.line());
                if (!Values.truthy(eval(f.filter(), inner))) {
                    continue;
                }
            }
            items.add(item);
        }
        if (items.isEmpty()) {
            execute(f.otherwise(), scope, out);
            return;
        }
        Loop loop = new Loop(items);
        for (int i = 0; i < items.size(); i++) {
            loop.index0 = i;
            inner.vars.put("loop", loop);
            bind(f.targets(), items.get(i), inner, f.line());
            try {
                execute(f.body(), inner, out);
            } catch (LoopControl c) {
                if (c.isBreak) {
                    break;
                }
            }
        }
    }

    private static void bind(List<String> targets, Object value, Scope scope, int line) {
        if (targets.size() == 1) {
            scope.vars.put(targets.get(0), value);
            return;
        }
        List<Object> parts = Values.iterate(value, line);
        if (parts.size() != targets.size()) {
            throw new TemplateException("cannot unpack " + parts.size() + " values into " + targets.size(), line);
        }
        for (int i = 0; i < targets.size(); i++) {
            scope.vars.put(targets.get(i), parts.get(i));
        }
    }

    private static void assign(Node.Set s, Scope scope) {
        Object value = eval(s.value(), scope);
        if (s.attribute() == null) {
            bind(s.targets(), value, scope, s.line());
            return;
        }
        Object target = scope.lookup(s.targets().get(0));
        if (!(target instanceof Namespace ns)) {
            throw new TemplateException("cannot assign attribute on non-namespace object " + s.targets().get(0),
                    s.line());
        }
        ns.attributes.put(s.attribute(), value);
    }

    private static JinjaCallable macro(Node.Macro m, Scope definedIn) {
        return (args, kwargs, line) -> {
            Scope s = new Scope(definedIn);
            int firstDefault = m.params().size() - m.defaults().size();
            for (int i = 0; i < m.params().size(); i++) {
                String p = m.params().get(i);
                Object v;
                if (i < args.size()) {
                    v = args.get(i);
                } else if (kwargs.containsKey(p)) {
                    v = kwargs.get(p);
                } else if (i >= firstDefault) {
                    v = eval(m.defaults().get(i - firstDefault), definedIn);
                } else {
                    v = new Undefined("'" + p + "'");
                }
                s.vars.put(p, v);
            }
            s.vars.put("varargs", args.size() > m.params().size()
                    ? new ArrayList<>(args.subList(m.params().size(), args.size()))
                    : new ArrayList<>());
            Out out = new Out();
            execute(m.body(), s, out);
            return out.toMarked();
        };
    }

    static Object eval(Expr e, Scope scope) {
        return switch (e) {
            case Expr.Literal l -> l.value();
            case Expr.Name n -> scope.lookup(n.name());
            case Expr.GetAttr g -> Operators.attribute(eval(g.target(), scope), g.name(), g.line());
            case Expr.GetItem g -> Operators.item(eval(g.target(), scope), eval(g.key(), scope), g.line());
            case Expr.Slice s -> Operators.slice(eval(s.target(), scope), opt(s.start(), scope), opt(s.stop(), scope),
                    opt(s.step(), scope), s.line());
            case Expr.Call c -> call(c, scope);
            case Expr.Filter f -> filter(f, eval(f.value(), scope), scope);
            case Expr.Test t -> {
                List<Object> args = new ArrayList<>();
                for (Expr a : t.args()) {
                    args.add(eval(a, scope));
                }
                yield Tests.apply(t.name(), eval(t.value(), scope), args, t.line()) != t.negated();
            }
            case Expr.Binary b -> Operators.binary(b.op(), eval(b.left(), scope), eval(b.right(), scope), b.line());
            case Expr.Unary u -> {
                Object v = eval(u.operand(), scope);
                if (!Values.isNumber(v)) {
                    throw v instanceof Undefined x ? x.error(u.line())
                            : new TemplateException("bad operand type for unary " + u.op() + ": '" + Values.typeName(v)
                                    + "'", u.line());
                }
                yield u.op().equals("+") ? v : v instanceof Double d ? (Object) (-d) : (Object) (-Values.toLong(v));
            }
            case Expr.And a -> {
                Object left = eval(a.left(), scope);
                yield Values.truthy(left) ? eval(a.right(), scope) : left;
            }
            case Expr.Or o -> {
                Object left = eval(o.left(), scope);
                yield Values.truthy(left) ? left : eval(o.right(), scope);
            }
            case Expr.Not n -> !Values.truthy(eval(n.operand(), scope));
            case Expr.Conditional c -> Values.truthy(eval(c.test(), scope)) ? eval(c.then(), scope)
                    : c.otherwise() == null ? new Undefined("the else branch") : eval(c.otherwise(), scope);
            case Expr.ListLiteral l -> {
                List<Object> out = new ArrayList<>(l.items().size());
                for (Expr x : l.items()) {
                    out.add(eval(x, scope));
                }
                yield out;
            }
            case Expr.DictLiteral d -> {
                Map<Object, Object> out = new LinkedHashMap<>();
                for (int i = 0; i < d.keys().size(); i++) {
                    out.put(Values.key(eval(d.keys().get(i), scope)), eval(d.values().get(i), scope));
                }
                yield out;
            }
        };
    }

    private static Object opt(Expr e, Scope scope) {
        return e == null ? null : eval(e, scope);
    }

    private static Object call(Expr.Call c, Scope scope) {
        Object target = eval(c.target(), scope);
        if (!(target instanceof JinjaCallable f)) {
            throw target instanceof Undefined u ? u.error(c.line())
                    : new TemplateException("'" + Values.typeName(target) + "' object is not callable", c.line());
        }
        List<Object> args = new ArrayList<>();
        for (Expr a : c.args()) {
            args.add(eval(a, scope));
        }
        Map<String, Object> kwargs = new LinkedHashMap<>();
        for (int i = 0; i < c.keywords().size(); i++) {
            kwargs.put(c.keywords().get(i), eval(c.keywordValues().get(i), scope));
        }
        return f.call(args, kwargs, c.line());
    }

    private static Object filter(Expr.Filter f, Object value, Scope scope) {
        List<Object> args = new ArrayList<>();
        for (Expr a : f.args()) {
            args.add(eval(a, scope));
        }
        Map<String, Object> kwargs = new LinkedHashMap<>();
        for (int i = 0; i < f.keywords().size(); i++) {
            kwargs.put(f.keywords().get(i), eval(f.keywordValues().get(i), scope));
        }
        return Filters.apply(f.name(), value, args, kwargs, f.line());
    }
}
