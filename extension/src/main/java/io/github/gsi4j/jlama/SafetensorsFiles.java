package io.github.gsi4j.jlama;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tjake.jlama.safetensors.DType;
import com.github.tjake.jlama.safetensors.SafeTensorSupport;
import com.github.tjake.jlama.safetensors.TensorInfo;

/**
 * The tensors of a model folder's safetensors files ({@code model.safetensors} or the shards named by
 * {@code model.safetensors.index.json}), read with positional file reads rather than through a memory
 * map, so that packing them into the decoder's layout does not leave the original pages resident in this
 * process. Headers are parsed by Jlama ({@link SafeTensorSupport#readTensorInfoMap}); Jlama's quantized
 * tensors ({@code I8} and {@code Q4}, blocks of 32 along a row, with their scales in {@code <name>.qb})
 * are read as they are.
 */
final class SafetensorsFiles implements AutoCloseable {

    /** Values per quantization block of Jlama's I8 and Q4 tensors. */
    static final int BLOCK = 32;

    private record Entry(FileChannel channel, long dataStart, TensorInfo info) {
    }

    private final Path folder;
    private final List<FileChannel> channels = new ArrayList<>();
    private final Map<String, Entry> tensors = new HashMap<>();

    SafetensorsFiles(Path folder) {
        this.folder = folder;
        try {
            for (String file : files(folder)) {
                FileChannel ch = FileChannel.open(folder.resolve(file), StandardOpenOption.READ);
                channels.add(ch);
                ByteBuffer length = read(ch, 0, 8);
                long headerLength = length.getLong(0);
                if (headerLength <= 0 || headerLength > ch.size() - 8) {
                    throw new IllegalArgumentException("Jlama model folder " + folder + ": " + file
                            + " is not a safetensors file (header length " + headerLength + ")");
                }
                ByteBuffer header = ByteBuffer.allocate((int) (8 + headerLength)).order(ByteOrder.LITTLE_ENDIAN);
                readFully(ch, header, 0);
                header.flip();
                for (Map.Entry<String, TensorInfo> e : SafeTensorSupport.readTensorInfoMap(header, Optional.empty())
                        .entrySet()) {
                    tensors.put(e.getKey(), new Entry(ch, 8 + headerLength, e.getValue()));
                }
            }
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("Cannot read the weights of Jlama model " + folder, e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private static Set<String> files(Path folder) throws IOException {
        Path index = folder.resolve("model.safetensors.index.json");
        Set<String> files = new LinkedHashSet<>();
        if (Files.isRegularFile(index)) {
            JsonNode map = new ObjectMapper().readTree(index.toFile()).get("weight_map");
            for (Iterator<JsonNode> it = map.elements(); it.hasNext();) {
                files.add(it.next().asText());
            }
        } else {
            files.add("model.safetensors");
        }
        return files;
    }

    boolean has(String name) {
        return tensors.containsKey(name);
    }

    /** The tensor's shape. */
    int[] shape(String name) {
        return entry(name).info().shape.clone();
    }

    /** The tensor's stored type. */
    DType dtype(String name) {
        return entry(name).info().dType;
    }

    /** The tensor's values per row: its last dimension. */
    int columns(String name) {
        int[] s = entry(name).info().shape;
        return s[s.length - 1];
    }

    /** The number of rows: the product of all but the last dimension. */
    int rows(String name) {
        int[] s = entry(name).info().shape;
        int rows = 1;
        for (int i = 0; i < s.length - 1; i++) {
            rows *= s[i];
        }
        return rows;
    }

    /** A whole tensor as F32 values (quantized tensors dequantized). */
    float[] vector(String name) {
        float[] out = new float[rows(name) * columns(name)];
        readRows(name, 0, rows(name), out);
        return out;
    }

    /**
     * Rows {@code [from, from + count)} as F32 values, row after row, into {@code out} (quantized tensors
     * dequantized: value · scale for I8, (value − 8) · scale for Q4).
     */
    void readRows(String name, int from, int count, float[] out) {
        Entry e = entry(name);
        int cols = columns(name);
        long values = (long) count * cols;
        switch (e.info().dType) {
            case F32 -> read(e, from, count, 4L * cols).asFloatBuffer().get(out, 0, (int) values);
            case BF16 -> {
                ByteBuffer b = read(e, from, count, 2L * cols);
                for (int i = 0; i < values; i++) {
                    out[i] = Float.intBitsToFloat((b.getShort(2 * i) & 0xFFFF) << 16);
                }
            }
            case F16 -> {
                ByteBuffer b = read(e, from, count, 2L * cols);
                for (int i = 0; i < values; i++) {
                    out[i] = Float.float16ToFloat(b.getShort(2 * i));
                }
            }
            case I8 -> {
                byte[] q = new byte[(int) values];
                float[] scales = scales(name, from, count);
                rawRows(name, from, count, q);
                for (int i = 0; i < values; i++) {
                    out[i] = q[i] * scales[i / BLOCK];
                }
            }
            case Q4 -> {
                byte[] q = new byte[(int) (values / 2)];
                float[] scales = scales(name, from, count);
                rawRows(name, from, count, q);
                for (int block = 0; block < values / BLOCK; block++) {
                    for (int i = 0; i < BLOCK / 2; i++) {
                        byte packed = q[block * BLOCK / 2 + i];
                        out[block * BLOCK + i] = ((packed & 0x0F) - 8) * scales[block];
                        out[block * BLOCK + i + BLOCK / 2] = (((packed >> 4) & 0x0F) - 8) * scales[block];
                    }
                }
            }
            default -> throw new IllegalArgumentException("Jlama model folder " + folder + ": tensor " + name
                    + " has type " + e.info().dType + ", which the batched decoder does not read");
        }
    }

    /** The stored bytes of rows {@code [from, from + count)}: little-endian values, or packed Q4 nibbles. */
    void rawRows(String name, int from, int count, byte[] out) {
        Entry e = entry(name);
        long rowBytes = e.info().dType == DType.Q4 ? columns(name) / 2 : (long) columns(name) * e.info().dType.size();
        read(e, from, count, rowBytes).get(out, 0, (int) (count * rowBytes));
    }

    /** The block scales of rows {@code [from, from + count)} of an I8 or Q4 tensor: one per 32 values. */
    float[] scales(String name, int from, int count) {
        String qb = name + ".qb";
        float[] out = new float[count * columns(name) / BLOCK];
        readRows(qb, from, count, out);
        return out;
    }

    private ByteBuffer read(Entry e, int fromRow, int rows, long rowBytes) {
        long start = e.dataStart() + e.info().dataOffsets[0] + fromRow * rowBytes;
        long length = rows * rowBytes;
        if (start + length > e.dataStart() + e.info().dataOffsets[1]) {
            throw new IllegalArgumentException("rows " + fromRow + "+" + rows + " beyond the tensor's data");
        }
        try {
            return read(e.channel(), start, (int) length);
        } catch (IOException ex) {
            throw new UncheckedIOException("Cannot read the weights of Jlama model " + folder, ex);
        }
    }

    private static ByteBuffer read(FileChannel ch, long position, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, b, position);
        b.flip();
        return b;
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long position) throws IOException {
        while (b.hasRemaining()) {
            int n = ch.read(b, position);
            if (n < 0) {
                throw new IOException("unexpected end of file");
            }
            position += n;
        }
    }

    private Entry entry(String name) {
        Entry e = tensors.get(name);
        if (e == null) {
            throw new IllegalArgumentException("Jlama model folder " + folder + " has no tensor " + name);
        }
        return e;
    }

    @Override
    public void close() {
        for (FileChannel ch : channels) {
            try {
                ch.close();
            } catch (IOException e) {
                // closing a read-only channel: nothing was written, nothing is lost
            }
        }
        channels.clear();
    }
}
