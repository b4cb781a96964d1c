package dasweep.driver.sweep;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dasweep.executor.spec.SpecException;
import dasweep.executor.spec.Variable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a sweep YAML file strictly: unknown keys, missing keys, wrong types, empty axes and duplicates are errors
 * naming the file, the field path ({@code grid.sites[2].k[0]}) and the problem.
 *
 * <p>Jackson binds the file onto {@link Sweep.Root} and the records it holds; it rejects unknown and missing keys
 * (every key is required unless {@link Sweep.OptionalKey}) and values of the wrong type (no coercion, except a
 * number written as text, as YAML reads {@code 1e-3}). Each record checks its own values; layers, views,
 * interventions and variables are read by the engine's parsers. {@link #translate} turns Jackson's exception into
 * a {@link SweepException}: the path comes from the exception's references, the value found from the tree, and
 * the expected shape from the bound type. Checked by hand after binding, because they relate several values or
 * need the file system: repeats inside a grid block ("already at" the first; axis values compared as written) and
 * weights files (resolved against the sweep file's directory). Grid cells are checked later by {@link Grid#expand}.
 */
public final class SweepLoader {
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /** The largest sweep file read (checked before the YAML parser sees it): real sweeps are a few KiB. */
    public static final long MAX_FILE_BYTES = 1 << 20;
    private final String file;
    private final Path dir;
    private final JsonNode tree;

    private SweepLoader(String file, Path dir, JsonNode tree) {
        this.file = file;
        this.dir = dir;
        this.tree = tree;
    }

    /** Loads and validates {@code path}; throws {@link SweepException} for any problem. */
    public static Sweep load(Path path) {
        String file = path.toString();
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new SweepException(file, "(file)", "cannot read the sweep file (found "
                    + (Files.exists(path) ? "an unreadable file" : "no such file") + ")");
        }
        try {
            long size = Files.size(path);
            if (size > MAX_FILE_BYTES) {
                throw new SweepException(file, "(file)", "a sweep file must be at most " + MAX_FILE_BYTES
                        + " bytes (found " + size + " bytes)");
            }
            return new SweepLoader(file, path.toAbsolutePath().getParent(), SweepYaml.readOne(path)).sweep();
        } catch (JsonProcessingException e) {
            // SnakeYAML's message: context and problem lines, each followed by an indented "in 'reader', line L,
            // column C:" and an excerpt. Keep the unindented lines, and the last (the problem's) position.
            String original = e.getOriginalMessage();
            String where = e.getLocation() == null ? "(yaml)"
                    : "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            for (Matcher m = Pattern.compile("line (\\d+), column (\\d+)").matcher(original); m.find(); ) {
                where = "line " + m.group(1) + ", column " + m.group(2);
            }
            String problem = String.join("; ", original.lines().filter(l -> !l.isBlank() && !l.startsWith(" "))
                    .map(String::strip).toList());
            throw new SweepException(file, where, "malformed YAML: " + problem);
        } catch (IOException e) {
            throw new SweepException(file, "(file)", "cannot read the sweep file (found " + e + ")");
        }
    }

    private Sweep sweep() {
        Sweep.Root root;
        try {
            root = SweepYaml.MAPPER.treeToValue(tree, Sweep.Root.class);
        } catch (JsonMappingException e) {
            throw translate(e);
        } catch (JsonProcessingException e) {
            throw error("", e.getOriginalMessage());
        }
        if (root == null) {
            throw error("", SweepYaml.expected(SweepYaml.ROOT) + " (found " + found(tree) + ")");
        }
        try {
            List<Sweep.Imported> imported = new ArrayList<>();
            for (Sweep.Imported n : root.networks().imported()) {
                String resolved = WeightsFiles.isUri(n.path()) ? n.path() : dir.resolve(n.path()).normalize().toString();
                // URIs are checked when they are read, with the run's Hadoop configuration (Imports)
                String unreadable = WeightsFiles.isUri(resolved) ? null : WeightsFiles.unreadable(resolved, null);
                SpecException.check(unreadable == null, "networks.imported[" + imported.size() + "].path",
                        "cannot read the weights file: " + unreadable, "'" + n.path() + "'");
                imported.add(new Sweep.Imported(n.name(), resolved, n.objective(), n.flatten()));
            }
            List<GridBlock> grids = new ArrayList<>();
            for (int b = 0; b < root.grid().size(); b++) {
                String at = tree.get("grid").isArray() ? "grid[" + b + "]" : "grid";
                grids.add(grid(root.grid().get(b), at, root.data()));
            }
            return new Sweep(root.name(), file, root.data(), root.objectives().stream()
                    .map(Sweep.ObjectiveEntry::objective).toList(), root.networks().trained(), imported, grids,
                    root.pack() == null || root.pack(), root.keepSubspaces() == null || root.keepSubspaces());
        } catch (SpecException e) {
            throw error(e.field(), e.problem());
        }
    }

    /** A grid block at {@code at}; a problem is reported with the block's path in front. */
    private GridBlock grid(JsonNode block, String at, Sweep.DataBlock data) {
        try {
            return GridBlock.read(block, at, data, new GridBlock.Binder() {
                @Override
                public <T> T bind(JsonNode node, JavaType type, String path) {
                    try {
                        return SweepYaml.MAPPER.treeToValue(node, type);
                    } catch (JsonMappingException e) {
                        throw translate(e, type, node, path);
                    } catch (JsonProcessingException e) {
                        throw error(path, e.getOriginalMessage());
                    }
                }
            });
        } catch (SpecException e) {
            throw error(e.field(), e.problem());
        }
    }

    /**
     * Turns Jackson's exception into ours: the path from its references (a single grid block, read as a list of
     * one, has no index), the value found from the tree there, what was expected from the bound type there.
     */
    private SweepException translate(JsonMappingException e) {
        return translate(e, SweepYaml.ROOT, tree, "");
    }

    /** {@link #translate(JsonMappingException)} for a node bound on its own, at {@code path}, as {@code type}. */
    private SweepException translate(JsonMappingException e, JavaType type, JsonNode node, String path) {
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                path = join(path, r.getFieldName());
                node = node.path(r.getFieldName());
                type = SweepYaml.property(type, r.getFieldName());
            } else {
                type = type.getContentType();
                if (node.isArray()) {
                    path += "[" + r.getIndex() + "]";
                    node = node.path(r.getIndex());
                }
            }
        }
        if (e instanceof UnrecognizedPropertyException u) {
            return error(path, "unknown key, expected one of " + SweepYaml.keys(SweepYaml.MAPPER.constructType(u.getReferringClass())) + " (found '" + u.getPropertyName() + "')");
        }
        for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
            if (c instanceof SpecException s) { // a record's or parser's field, relative; Objective's are objective.*
                return error(join(path, s.field().replaceFirst("^objective\\.", "")), s.problem());
            } else if (c instanceof NullPointerException && SweepYaml.property(type, c.getMessage()) != null) { // a key left null
                return error(join(path, c.getMessage()), SweepYaml.expected(SweepYaml.property(type, c.getMessage())) + " (found nothing)");
            } else if (c instanceof IllegalArgumentException) {
                return error(path, c.getMessage());
            }
        }
        return error(path, node.isMissingNode() ? "is required (found nothing)"
                : SweepYaml.expected(type) + " (found " + found(node) + ")");
    }

    static String found(JsonNode node) {
        return node.isNull() || node.isMissingNode() ? "nothing" : node.isTextual() ? "'" + node.asText() + "'"
                : node.toString();
    }

    private static String join(String path, String field) {
        return path.isEmpty() || field.isEmpty() ? path + field : path + "." + field;
    }

    private SweepException error(String path, String problem) {
        return new SweepException(file, path.isEmpty() ? "(root)" : path, problem);
    }


}
