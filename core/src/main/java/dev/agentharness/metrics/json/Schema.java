package dev.agentharness.metrics.json;

import dev.agentharness.internal.json.JsonPosition;
import dev.agentharness.internal.json.JsonValue;
import dev.agentharness.internal.json.JsonWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The fields of one JSON object type in LiveKit's order, with their Python and JS names: read and
 * written from the same declaration so that the two directions cannot drift apart.
 *
 * <p>A field whose default (the value in a fresh builder) is {@code null} may be JSON {@code null}.
 *
 * @param <M> the value type
 * @param <B> its builder (any mutable holder)
 */
final class Schema<M, B> {

  /** How a field is read when absent and when it is written. */
  enum Presence {
    /** Must be present; always written. */
    REQUIRED,
    /** LiveKit's default when absent; always written (the JS type has it too). */
    DEFAULTED,
    /** Default when absent; Python writes it always, JS only when it differs from the default. */
    OPTIONAL,
    /** Default when absent; written only when it differs from the default, in both dialects. */
    SPARSE
  }

  private record Field<M, B>(
      String python,
      String js,
      Presence presence,
      Kind<Object> kind,
      Function<M, Object> get,
      BiConsumer<B, Object> set) {

    String name(MetricsDialect dialect) {
      return dialect == MetricsDialect.PYTHON ? python : js;
    }
  }

  private final Supplier<B> builder;
  private final Function<B, M> build;
  private final List<Field<M, B>> fields = new ArrayList<>(); // filled once, while the constant is built
  private final M defaults;

  Schema(Supplier<B> builder, Function<B, M> build) {
    this.builder = builder;
    this.build = build;
    this.defaults = build.apply(builder.get());
  }

  @SuppressWarnings("unchecked")
  <T> Schema<M, B> field(
      String python, String js, Presence presence, Kind<T> kind, Function<M, T> get, BiConsumer<B, T> set) {
    fields.add(new Field<>(
        python, js, presence, (Kind<Object>) kind, (Function<M, Object>) get, (BiConsumer<B, Object>) set));
    return this;
  }

  /** The same field name in both dialects. */
  <T> Schema<M, B> field(String name, Presence presence, Kind<T> kind, Function<M, T> get, BiConsumer<B, T> set) {
    return field(name, name, presence, kind, get, set);
  }

  /** Writes the fields (not the braces) of {@code value}. */
  void writeFields(JsonWriter w, MetricsDialect dialect, M value) {
    M dflt = defaults;
    for (Field<M, B> f : fields) {
      Object v = f.get.apply(value);
      boolean isDefault = Objects.equals(v, f.get.apply(dflt));
      boolean js = dialect == MetricsDialect.JS;
      boolean write = switch (f.presence) {
        case REQUIRED, DEFAULTED -> !(js && v == null);
        case OPTIONAL -> !js || !(isDefault || v == null);
        case SPARSE -> !(isDefault || v == null);
      };
      if (!write) continue;
      w.name(f.name(dialect));
      if (v == null) {
        w.nullValue();
      } else {
        f.kind.write(w, dialect, v);
      }
    }
  }

  /** Writes {@code value} as a JSON object. */
  void write(JsonWriter w, MetricsDialect dialect, M value) {
    w.beginObject();
    writeFields(w, dialect, value);
    w.endObject();
  }

  /** Reads the fields of {@code obj}; unknown members are ignored. {@code path} prefixes field names in errors. */
  M read(JsonValue.Obj obj, MetricsDialect dialect, String path) {
    M dflt = defaults;
    B b = builder.get();
    for (Field<M, B> f : fields) {
      String key = f.name(dialect);
      String field = path + key;
      JsonValue v = obj.get(key);
      if (v == null) {
        if (f.presence == Presence.REQUIRED) {
          throw error(field, obj.position(), "missing; expected " + f.kind.expected(dialect));
        }
      } else if (v.isNull()) {
        Object nullValue = f.kind.fromNull();
        if (nullValue != null) {
          f.set.accept(b, nullValue);
        } else if (f.get.apply(dflt) != null) {
          throw error(field, v.position(), "expected " + f.kind.expected(dialect) + ", found null");
        }
      } else {
        f.set.accept(b, f.kind.read(v, dialect, field));
      }
    }
    return build.apply(b);
  }

  static MetricsFormatException error(String field, JsonPosition pos, String reason) {
    return pos.isKnown()
        ? new MetricsFormatException(null, pos.line(), pos.column(), field, reason)
        : new MetricsFormatException(null, 0, 0, field, reason);
  }
}
