package dev.frontier.transforms.compress;

/**
 * The TFLite int8 arithmetic of one quantized layer in plain Java integers, as the tests' reference:
 * {@code acc = B + Σ (q_in - z) · q_w} per output value, with {@code q_in} the level FakeQuant gives
 * ({@link ActivationGrid#level}, itself checked against TF) and padded taps contributing nothing (real 0).
 * MatMul inputs are [batch, in]; Conv2D and depthwise (multiplier 1) inputs square NHWC.
 */
final class IntegerReference {
  /** How close to a .5 tie (in levels) float round-off can move a value: such values may round either way. */
  static final double TIE_LEVELS = 1e-4;
  /** What {@link #handedOnLevel} returns for a value within {@link #TIE_LEVELS} of a rounding tie. */
  static final long NEAR_TIE = -1;

  private IntegerReference() {}

  /**
   * The level {@code h}'s receiving layer reads for accumulator {@code accumulator} of output value
   * {@code index} of the handing-on layer: {@code acc · s_in · s_w / s_next} rounded half up and clamped to the
   * receiving grid (what its FakeQuant does), or {@link #NEAR_TIE} when float round-off could round it either way.
   */
  static long handedOnLevel(Int8Handoffs.Handoff h, long accumulator, int index) {
    Int8Layer from = h.from();
    ActivationGrid to = h.to().input();
    double real = accumulator * (double) from.accumulatorScale(index % from.channels()) / to.scale();
    if (Math.abs(real - Math.floor(real) - 0.5) < TIE_LEVELS) {
      return NEAR_TIE;
    }
    return Math.max(0, Math.min(to.maxLevel(), (long) Math.floor(real + 0.5)));
  }

  /** Accumulators of {@code layer} for the float input values {@code x} of {@code batch} rows, row-major. */
  static long[] accumulators(Int8Layer layer, float[] x, int batch) {
    int[] q = new int[x.length];
    for (int i = 0; i < x.length; i++) {
      q[i] = layer.input().level(x[i]) - layer.input().zeroPoint();
    }
    return "MatMul".equals(layer.node().getOp()) ? matMul(layer, q, batch) : conv(layer, q, batch);
  }

  private static long[] matMul(Int8Layer l, int[] q, int batch) {
    int out = l.channels();
    int in = q.length / batch;
    byte[] w = l.weights().levels();
    long[] acc = new long[batch * out];
    for (int b = 0; b < batch; b++) {
      for (int j = 0; j < out; j++) {
        long s = l.biasLevels()[j];
        for (int k = 0; k < in; k++) {
          s += (long) q[b * in + k] * w[k * out + j];
        }
        acc[b * out + j] = s;
      }
    }
    return acc;
  }

  private static long[] conv(Int8Layer l, int[] q, int batch) {
    long[] f = l.weight().shape();
    int kh = (int) f[0];
    int kw = (int) f[1];
    int c = (int) f[2];
    boolean depthwise = "DepthwiseConv2dNative".equals(l.node().getOp());
    int o = depthwise ? c : (int) f[3];
    int side = (int) Math.round(Math.sqrt(q.length / (double) (batch * c)));
    int stride = (int) l.node().getAttrOrThrow("strides").getList().getI(1);
    boolean same = "SAME".equals(l.node().getAttrOrThrow("padding").getS().toStringUtf8());
    int outSide = same ? (side + stride - 1) / stride : (side - kh) / stride + 1;
    int padTop = same ? Math.max((outSide - 1) * stride + kh - side, 0) / 2 : 0;
    int padLeft = same ? Math.max((outSide - 1) * stride + kw - side, 0) / 2 : 0;
    byte[] w = l.weights().levels();
    long[] acc = new long[batch * outSide * outSide * o];
    int n = 0;
    for (int b = 0; b < batch; b++) {
      for (int oy = 0; oy < outSide; oy++) {
        for (int ox = 0; ox < outSide; ox++) {
          for (int oc = 0; oc < o; oc++) {
            long s = l.biasLevels()[oc];
            for (int ky = 0; ky < kh; ky++) {
              for (int kx = 0; kx < kw; kx++) {
                int y = oy * stride + ky - padTop;
                int x = ox * stride + kx - padLeft;
                if (y < 0 || y >= side || x < 0 || x >= side) {
                  continue;
                }
                if (depthwise) {
                  s += (long) q[((b * side + y) * side + x) * c + oc] * w[(ky * kw + kx) * c + oc];
                  continue;
                }
                for (int ic = 0; ic < c; ic++) {
                  s += (long) q[((b * side + y) * side + x) * c + ic] * w[((ky * kw + kx) * c + ic) * o + oc];
                }
              }
            }
            acc[n++] = s;
          }
        }
      }
    }
    return acc;
  }
}
