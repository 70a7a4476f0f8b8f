package io.lorastream.deploy.model;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Dockerfile read into its stages' instructions (continuation lines joined, comments dropped). */
public final class Dockerfile {

    /** One instruction: {@code RUN apt-get …}. */
    public record Instruction(String keyword, String args) {
    }

    /** One build stage, from its FROM to the next. */
    public record Stage(String from, List<Instruction> instructions) {

        public List<String> all(String keyword) {
            return instructions.stream().filter(i -> i.keyword().equals(keyword)).map(Instruction::args).toList();
        }

        /** The ENV of this stage, both the {@code K=V …} and the old {@code K V} forms. */
        public Map<String, String> env() {
            Map<String, String> out = new LinkedHashMap<>();
            for (String args : all("ENV")) {
                Matcher m = PAIR.matcher(args);
                boolean any = false;
                while (m.find()) {
                    any = true;
                    out.put(m.group(1), m.group(2) != null ? m.group(2) : m.group(3));
                }
                if (!any) {
                    String[] kv = args.split("\\s+", 2);
                    out.put(kv[0], kv.length > 1 ? kv[1] : "");
                }
            }
            return out;
        }

        /** The last USER, or null (root). */
        public String user() {
            List<String> users = all("USER");
            return users.isEmpty() ? null : users.get(users.size() - 1).strip();
        }
    }

    private static final Pattern PAIR = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(?:\"([^\"]*)\"|(\\S*))");

    private final Path file;
    private final List<Stage> stages;

    private Dockerfile(Path file, List<Stage> stages) {
        this.file = file;
        this.stages = stages;
    }

    public static Dockerfile read(Path file) {
        List<String> logical = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : Repo.read(file).split("\n")) {
            String t = line.strip();
            if (t.startsWith("#") || t.isEmpty() && current.isEmpty()) {
                continue;
            }
            if (t.endsWith("\\")) {
                current.append(t, 0, t.length() - 1).append(' ');
            } else {
                current.append(t);
                logical.add(current.toString());
                current.setLength(0);
            }
        }
        List<Stage> stages = new ArrayList<>();
        for (String l : logical) {
            String[] kw = l.split("\\s+", 2);
            Instruction i = new Instruction(kw[0].toUpperCase(), kw.length > 1 ? kw[1].strip() : "");
            if (i.keyword().equals("FROM")) {
                stages.add(new Stage(i.args(), new ArrayList<>()));
            } else if (stages.isEmpty()) {
                if (!i.keyword().equals("ARG")) {
                    throw new IllegalStateException(file + ": " + i.keyword() + " before the first FROM");
                }
            } else {
                stages.get(stages.size() - 1).instructions().add(i);
            }
        }
        if (stages.isEmpty()) {
            throw new IllegalStateException(file + ": no FROM");
        }
        return new Dockerfile(file, stages);
    }

    public Path file() {
        return file;
    }

    public List<Stage> stages() {
        return stages;
    }

    /** The stage the image is: the last one. */
    public Stage image() {
        return stages.get(stages.size() - 1);
    }
}
