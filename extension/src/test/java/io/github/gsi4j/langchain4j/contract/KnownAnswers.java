package io.github.gsi4j.langchain4j.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the scripted assistant of the contract tests "knows": the answers to the questions LangChain4j's
 * contract suites ask (the capital of Germany, 2 + 2, "translate 'I love you'" under a system message asking for
 * German, a favourite colour said earlier in the conversation, "say 'Hello World'", a long story about animals,
 * "hello"). The answer is worked out from the whole conversation as the chat template rendered it, so a
 * system message or an earlier turn that GSI failed to pass to its models would show in the answer.
 */
final class KnownAnswers {

    private static final Pattern FAVOURITE = Pattern.compile("my favou?rite colou?r is (\\w+)", Pattern.CASE_INSENSITIVE);

    private KnownAnswers() {
    }

    /** One message of a rendered conversation. */
    record Turn(String role, String text) {
    }

    /** The answer to a conversation's last user message, in paragraphs separated by a blank line. */
    static String answer(List<Turn> conversation) {
        String system = "";
        List<String> earlier = new ArrayList<>();
        String question = "";
        for (Turn t : conversation) {
            switch (t.role()) {
                case "system" -> system = t.text();
                case "user" -> {
                    if (!question.isEmpty()) {
                        earlier.add(question);
                    }
                    question = t.text();
                }
                default -> {
                }
            }
        }
        String q = question.toLowerCase(Locale.ROOT);
        if (q.startsWith("translate") && q.contains("i love you")) {
            return system.toLowerCase(Locale.ROOT).contains("into german") ? "Ich liebe dich." : "I love you.";
        }
        if (q.contains("my favorite color") || q.contains("my favourite colour")) {
            for (String e : earlier) {
                Matcher m = FAVOURITE.matcher(e);
                if (m.find()) {
                    return "Your favorite color is " + m.group(1) + ".";
                }
            }
            return "You have not told me your favorite color.";
        }
        if (q.contains("capital of germany") && q.contains("2 + 2")) {
            return "The capital of Germany is Berlin.\n\n2 + 2 = 4.";
        }
        if (q.contains("capital of germany")) {
            return "The capital of Germany is Berlin.";
        }
        if (q.contains("say 'hello world'")) {
            return "Hello World";
        }
        if (q.contains("long story about animals")) {
            return story();
        }
        if (q.equals("hello")) {
            return "Hello! How can I help you today?";
        }
        return "I do not know.";
    }

    private static String story() {
        String[] animals = { "fox", "owl", "bear", "otter", "heron", "badger", "deer", "hare", "wolf", "lynx" };
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < animals.length; i++) {
            sb.append(i == 0 ? "" : "\n\n").append("On day ").append(i + 1).append(" the ").append(animals[i])
                    .append(" walked to the river and told the others what it had seen in the forest.");
        }
        return sb.toString();
    }
}
