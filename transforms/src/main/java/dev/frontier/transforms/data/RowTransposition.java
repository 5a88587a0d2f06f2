package dev.frontier.transforms.data;

/** Index arithmetic for converting one flattened image row between HWC and CHW layouts. */
final class RowTransposition {
  private RowTransposition() {}

  /** The shape after conversion from {@code from} to the other layout. */
  static int[] outputShape(int[] shape, Preprocessing.Layout from) {
    return from == Preprocessing.Layout.HWC
        ? new int[] {shape[2], shape[0], shape[1]}
        : new int[] {shape[1], shape[2], shape[0]};
  }

  /** For each output position, the input position it takes its value from. */
  static int[] sourceIndices(int[] shape, Preprocessing.Layout from) {
    int h = from == Preprocessing.Layout.HWC ? shape[0] : shape[1];
    int w = from == Preprocessing.Layout.HWC ? shape[1] : shape[2];
    int c = from == Preprocessing.Layout.HWC ? shape[2] : shape[0];
    int[] source = new int[h * w * c];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        for (int k = 0; k < c; k++) {
          int hwc = (y * w + x) * c + k;
          int chw = (k * h + y) * w + x;
          if (from == Preprocessing.Layout.HWC) {
            source[chw] = hwc;
          } else {
            source[hwc] = chw;
          }
        }
      }
    }
    return source;
  }
}
