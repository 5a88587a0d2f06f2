package dev.frontier.transforms.tflite;

import tflite.ActivationFunctionType;
import tflite.BuiltinOperator;
import tflite.Conv2DOptions;
import tflite.FullyConnectedOptions;
import tflite.Model;
import tflite.Operator;
import tflite.Padding;
import tflite.SubGraph;
import tflite.Tensor;

/**
 * TFLite's full-integer arithmetic for a file holding QUANTIZE → FULLY_CONNECTED or CONV_2D → DEQUANTIZE,
 * computed in Java from the numbers in the file itself (weights, int32 bias, scales, zero-points):
 * {@code acc = Σ (q_in - z_in) · q_w + B} per output channel, then the requantization of XNNPACK, the CPU
 * path LiteRT runs: {@code q_out = rint(clamp(float(acc) · (s_in · s_w / s_out))) + z_out} in float32, with
 * ties to even, clamped to the int8 range (and to {@code z_out} from below under a fused ReLU).
 */
final class Int8Reference {
  private final SubGraph g;
  private final Operator layer;
  private final int code;
  private final Model m;

  Int8Reference(byte[] file) {
    m = TfliteFiles.parse(file);
    g = m.subgraphs(0);
    layer = g.operators(1);
    code = m.operatorCodes((int) layer.opcodeIndex()).builtinCode();
  }

  float inputScale() {
    return TfliteFiles.scales(g.tensors(layer.inputs(0)))[0];
  }

  int inputZeroPoint() {
    return (int) TfliteFiles.zeroPoints(g.tensors(layer.inputs(0)))[0];
  }

  float outputScale() {
    return TfliteFiles.scales(g.tensors(layer.outputs(0)))[0];
  }

  int outputZeroPoint() {
    return (int) TfliteFiles.zeroPoints(g.tensors(layer.outputs(0)))[0];
  }

  /** The int8 output levels for int8 input levels {@code q} (one row, NHWC flattened for convolutions). */
  int[] run(int[] q) {
    Tensor in = g.tensors(layer.inputs(0));
    Tensor w = g.tensors(layer.inputs(1));
    Tensor b = g.tensors(layer.inputs(2));
    Tensor out = g.tensors(layer.outputs(0));
    float[] ws = TfliteFiles.scales(w);
    int channels = w.shape(0);
    int perChannel = 1;
    for (int i = 1; i < w.shapeLength(); i++) {
      perChannel *= w.shape(i);
    }
    byte[] weights = new byte[channels * perChannel];
    for (int i = 0; i < weights.length; i++) {
      weights[i] = (byte) m.buffers((int) w.buffer()).data(i);
    }
    java.nio.ByteBuffer bb = m.buffers((int) b.buffer()).dataAsByteBuffer().order(java.nio.ByteOrder.LITTLE_ENDIAN);
    int[] bias = new int[channels];
    for (int c = 0; c < channels; c++) {
      bias[c] = bb.getInt();
    }
    int zIn = inputZeroPoint();
    float sIn = inputScale();
    float sOut = outputScale();
    int zOut = outputZeroPoint();
    byte activation;
    int outSize = 1;
    for (int i = 0; i < out.shapeLength(); i++) {
      outSize *= out.shape(i);
    }
    long[] acc = new long[outSize];
    if (code == BuiltinOperator.FULLY_CONNECTED) {
      activation = ((FullyConnectedOptions) layer.builtinOptions(new FullyConnectedOptions())).fusedActivationFunction();
      for (int c = 0; c < channels; c++) {
        long a = bias[c];
        for (int i = 0; i < perChannel; i++) {
          a += (long) (q[i] - zIn) * weights[c * perChannel + i];
        }
        acc[c] = a;
      }
    } else if (code == BuiltinOperator.CONV_2D) {
      Conv2DOptions o = (Conv2DOptions) layer.builtinOptions(new Conv2DOptions());
      activation = o.fusedActivationFunction();
      int h = in.shape(1);
      int wd = in.shape(2);
      int ci = in.shape(3);
      int kh = w.shape(1);
      int kw = w.shape(2);
      int oh = out.shape(1);
      int ow = out.shape(2);
      int sh = o.strideH();
      int sw = o.strideW();
      int padTop = o.padding() == Padding.SAME ? Math.max((oh - 1) * sh + kh - h, 0) / 2 : 0;
      int padLeft = o.padding() == Padding.SAME ? Math.max((ow - 1) * sw + kw - wd, 0) / 2 : 0;
      for (int y = 0; y < oh; y++) {
        for (int x = 0; x < ow; x++) {
          for (int c = 0; c < channels; c++) {
            long a = bias[c];
            for (int dy = 0; dy < kh; dy++) {
              for (int dx = 0; dx < kw; dx++) {
                int iy = y * sh - padTop + dy;
                int ix = x * sw - padLeft + dx;
                if (iy < 0 || ix < 0 || iy >= h || ix >= wd) {
                  continue;
                }
                for (int k = 0; k < ci; k++) {
                  a += (long) (q[(iy * wd + ix) * ci + k] - zIn) * weights[((c * kh + dy) * kw + dx) * ci + k];
                }
              }
            }
            acc[(y * ow + x) * channels + c] = a;
          }
        }
      }
    } else {
      throw new IllegalArgumentException("op " + code);
    }
    int lo = activation == ActivationFunctionType.RELU || activation == ActivationFunctionType.RELU6
        ? Math.max(-128, zOut) : -128;
    int hi = 127;
    if (activation == ActivationFunctionType.RELU6) {
      hi = Math.min(127, zOut + Math.round(6f / sOut));
    }
    int[] result = new int[outSize];
    for (int i = 0; i < outSize; i++) {
      int c = i % channels;
      float scale = sIn * ws[ws.length == 1 ? 0 : c] / sOut;
      float f = (float) acc[i] * scale;
      f = Math.max(lo - zOut, Math.min(hi - zOut, f));
      result[i] = (int) Math.rint(f) + zOut;
    }
    return result;
  }
}
