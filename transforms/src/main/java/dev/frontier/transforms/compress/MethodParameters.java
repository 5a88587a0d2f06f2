package dev.frontier.transforms.compress;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.StringJoiner;
import java.util.stream.Collectors;

/**
 * The typed, immutable parameters of one compression method, e.g. {@code {granularity=per-channel}} or
 * {@code {sparsity=0.75, scope=global}}.
 *
 * <p>Why one class for all methods: a sweep config names a method and a few parameters; keeping them typed
 * here (not a {@code Map<String,Object>}) means a method reads {@code params.sparsity()}, not a cast.
 * Every parameter that was not given reads as its named default. Which parameters were given is
 * remembered, so a method can reject those it does not understand ({@link #checkFor}) instead of
 * silently ignoring a typo'd sweep. Values are range-checked there too, so errors name the method and
 * the field. {@link Serializable}, with value equality, for use in pipeline elements.
 */
public final class MethodParameters implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Parameter names as configs spell them. */
  public enum Param {
    /** {@link Granularity} of int8 scales. */
    GRANULARITY("granularity"),
    /** Consecutive input-axis values sharing one int4 scale. */
    GROUP_SIZE("groupSize"),
    /** Share of weights set to zero, in [0, 1). */
    SPARSITY("sparsity"),
    /** {@link PruningScope}. */
    SCOPE("scope"),
    /** Layer (node) names left untouched. */
    SKIP_LAYERS("skipLayers"),
    /** Share of a layer's output channels (units) removed by structured pruning, in [0, 1). */
    FRACTION("fraction"),
    /** {@link ChannelCriterion}: how structured pruning ranks channels. */
    CRITERION("criterion"),
    /** N of N:M sparsity: weights kept in every group of {@link #M}. */
    N("n"),
    /** M of N:M sparsity: consecutive input-axis weights per group. */
    M("m");

    private final String key;

    Param(String key) {
      this.key = key;
    }

    /** The config name, e.g. {@code groupSize}. */
    public String key() {
      return key;
    }

    static Param forKey(String method, String key) {
      for (Param p : values()) {
        if (p.key.equals(key)) {
          return p;
        }
      }
      throw new IllegalArgumentException(method + ": unknown parameter '" + key + "'; parameters are "
          + EnumSet.allOf(Param.class).stream().map(Param::key).collect(Collectors.toList()));
    }
  }

  public static final Granularity DEFAULT_GRANULARITY = Granularity.PER_CHANNEL;
  /** 32 values per int4 scale: 4 bits of scale overhead per value on top of the 4 of the value. */
  public static final int DEFAULT_GROUP_SIZE = 32;
  public static final double DEFAULT_SPARSITY = 0.5;
  public static final PruningScope DEFAULT_SCOPE = PruningScope.LAYER;
  public static final double DEFAULT_FRACTION = 0.25;
  public static final ChannelCriterion DEFAULT_CRITERION = ChannelCriterion.L1;
  /** 2:4, the pattern sparse tensor cores run. */
  public static final int DEFAULT_N = 2;
  public static final int DEFAULT_M = 4;
  /** The largest group: indices then take at most 4 bits. */
  public static final int MAX_M = 16;

  /** No parameter given: every value is its default. */
  public static final MethodParameters NONE = builder().build();

  private final EnumSet<Param> given;
  private final Granularity granularity;
  private final int groupSize;
  private final double sparsity;
  private final PruningScope scope;
  private final List<String> skipLayers;
  private final double fraction;
  private final ChannelCriterion criterion;
  private final int n;
  private final int m;

  private MethodParameters(Builder b) {
    this.given = EnumSet.copyOf(b.given);
    this.granularity = b.granularity;
    this.groupSize = b.groupSize;
    this.sparsity = b.sparsity;
    this.scope = b.scope;
    this.skipLayers = List.copyOf(b.skipLayers);
    this.fraction = b.fraction;
    this.criterion = b.criterion;
    this.n = b.n;
    this.m = b.m;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Parameters from a config map ({@code {"sparsity": 0.5, "scope": "global", "skipLayers": [..]}}),
   * strings or numbers as YAML gives them; errors name {@code method} and the key.
   */
  public static MethodParameters fromMap(String method, Map<String, ?> raw) {
    Builder b = builder();
    for (Map.Entry<String, ?> e : raw.entrySet()) {
      Param p = Param.forKey(method, e.getKey());
      Object v = e.getValue();
      if (v == null) {
        throw bad(method, p, "has no value");
      }
      try {
        switch (p) {
          case GRANULARITY: b.granularity(Granularity.parse(v.toString())); break;
          case GROUP_SIZE: b.groupSize(v instanceof Number ? exactInt((Number) v) : Integer.parseInt(v.toString().trim())); break;
          case SPARSITY: b.sparsity(v instanceof Number ? ((Number) v).doubleValue() : Double.parseDouble(v.toString().trim())); break;
          case SCOPE: b.scope(PruningScope.parse(v.toString())); break;
          case SKIP_LAYERS: b.skipLayers(v instanceof Collection
              ? ((Collection<?>) v).stream().map(String::valueOf).collect(Collectors.toList())
              : splitNames(v.toString())); break;
          case FRACTION: b.fraction(v instanceof Number ? ((Number) v).doubleValue() : Double.parseDouble(v.toString().trim())); break;
          case CRITERION: b.criterion(ChannelCriterion.parse(v.toString())); break;
          case N: b.n(v instanceof Number ? exactInt((Number) v) : Integer.parseInt(v.toString().trim())); break;
          case M: b.m(v instanceof Number ? exactInt((Number) v) : Integer.parseInt(v.toString().trim())); break;
          default: throw new AssertionError(p);
        }
      } catch (IllegalArgumentException ex) {
        throw bad(method, p, "cannot be " + v + ": " + ex.getMessage());
      }
    }
    return b.build();
  }

  public Granularity granularity() { return granularity; }

  public int groupSize() { return groupSize; }

  public double sparsity() { return sparsity; }

  public PruningScope scope() { return scope; }

  public List<String> skipLayers() { return skipLayers; }

  public double fraction() { return fraction; }

  public ChannelCriterion criterion() { return criterion; }

  public int n() { return n; }

  public int m() { return m; }

  /** The parameters that were given explicitly (the others read as defaults). */
  public Set<Param> given() {
    return EnumSet.copyOf(given);
  }

  /**
   * Checks these parameters for {@code method}: every given parameter must be one it accepts, and every
   * given value must be in range.
   *
   * @throws IllegalArgumentException e.g. {@code int4-weight: unknown parameter 'granularity'; it accepts [groupSize]}
   */
  public void checkFor(CompressionMethod method) {
    String name = method.name();
    Set<Param> accepted = method.acceptedParams();
    for (Param p : given) {
      if (!accepted.contains(p)) {
        throw new IllegalArgumentException(name + ": unknown parameter '" + p.key() + "'; it accepts "
            + accepted.stream().map(Param::key).collect(Collectors.toList()));
      }
    }
    if (given.contains(Param.GROUP_SIZE) && groupSize < 1) {
      throw bad(name, Param.GROUP_SIZE, "must be at least 1, got " + groupSize);
    }
    if (given.contains(Param.SPARSITY) && !(sparsity >= 0 && sparsity < 1)) {
      throw bad(name, Param.SPARSITY, "must be in [0, 1), got " + sparsity);
    }
    if (given.contains(Param.FRACTION) && !(fraction >= 0 && fraction < 1)) {
      throw bad(name, Param.FRACTION, "must be in [0, 1), got " + fraction);
    }
    if ((given.contains(Param.N) || given.contains(Param.M)) && !(m >= 2 && m <= MAX_M && n >= 1 && n < m)) {
      throw new IllegalArgumentException(name + ": parameters 'n' and 'm' must satisfy 1 <= n < m <= " + MAX_M
          + ", got n=" + n + ", m=" + m);
    }
    for (String layer : skipLayers) {
      if (layer.isBlank()) {
        throw bad(name, Param.SKIP_LAYERS, "holds an empty layer name");
      }
    }
  }

  private static IllegalArgumentException bad(String method, Param p, String why) {
    return new IllegalArgumentException(method + ": parameter '" + p.key() + "' " + why);
  }

  private static int exactInt(Number n) {
    double d = n.doubleValue();
    if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("not an integer");
    }
    return (int) d;
  }

  private static List<String> splitNames(String text) {
    List<String> out = new ArrayList<>();
    for (String s : text.split(",")) {
      if (!s.isBlank()) {
        out.add(s.trim());
      }
    }
    return out;
  }

  private Map<Param, Object> givenValues() {
    Map<Param, Object> m = new EnumMap<>(Param.class);
    for (Param p : given) {
      switch (p) {
        case GRANULARITY: m.put(p, granularity); break;
        case GROUP_SIZE: m.put(p, groupSize); break;
        case SPARSITY: m.put(p, sparsity); break;
        case SCOPE: m.put(p, scope); break;
        case SKIP_LAYERS: m.put(p, skipLayers); break;
        case FRACTION: m.put(p, fraction); break;
        case CRITERION: m.put(p, criterion); break;
        case N: m.put(p, n); break;
        case M: m.put(p, this.m); break;
        default: throw new AssertionError(p);
      }
    }
    return m;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MethodParameters && givenValues().equals(((MethodParameters) o).givenValues());
  }

  @Override
  public int hashCode() {
    return givenValues().hashCode();
  }

  /** The given parameters, e.g. {@code {sparsity=0.5, scope=global}}; {@code {}} when none. */
  @Override
  public String toString() {
    StringJoiner j = new StringJoiner(", ", "{", "}");
    givenValues().forEach((p, v) -> j.add(p.key() + "=" + v));
    return j.toString();
  }

  /** Collects parameters; values are range-checked by {@link #checkFor}, which knows the method. */
  public static final class Builder {
    private final EnumSet<Param> given = EnumSet.noneOf(Param.class);
    private Granularity granularity = DEFAULT_GRANULARITY;
    private int groupSize = DEFAULT_GROUP_SIZE;
    private double sparsity = DEFAULT_SPARSITY;
    private PruningScope scope = DEFAULT_SCOPE;
    private List<String> skipLayers = List.of();
    private double fraction = DEFAULT_FRACTION;
    private ChannelCriterion criterion = DEFAULT_CRITERION;
    private int n = DEFAULT_N;
    private int m = DEFAULT_M;

    private Builder() {}

    public Builder n(int n) {
      this.n = n;
      given.add(Param.N);
      return this;
    }

    public Builder m(int m) {
      this.m = m;
      given.add(Param.M);
      return this;
    }

    public Builder granularity(Granularity granularity) {
      this.granularity = Objects.requireNonNull(granularity, "granularity");
      given.add(Param.GRANULARITY);
      return this;
    }

    public Builder groupSize(int groupSize) {
      this.groupSize = groupSize;
      given.add(Param.GROUP_SIZE);
      return this;
    }

    public Builder sparsity(double sparsity) {
      this.sparsity = sparsity;
      given.add(Param.SPARSITY);
      return this;
    }

    public Builder scope(PruningScope scope) {
      this.scope = Objects.requireNonNull(scope, "scope");
      given.add(Param.SCOPE);
      return this;
    }

    public Builder skipLayers(List<String> layerNames) {
      this.skipLayers = List.copyOf(layerNames);
      given.add(Param.SKIP_LAYERS);
      return this;
    }

    public Builder fraction(double fraction) {
      this.fraction = fraction;
      given.add(Param.FRACTION);
      return this;
    }

    public Builder criterion(ChannelCriterion criterion) {
      this.criterion = Objects.requireNonNull(criterion, "criterion");
      given.add(Param.CRITERION);
      return this;
    }

    public MethodParameters build() {
      return new MethodParameters(this);
    }
  }
}
