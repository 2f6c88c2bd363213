package dev.agentharness.fake.wiremock;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/** The constant pool of a class file: enough to see which methods it calls and which names it mentions. */
final class ClassFile {

  /** A method or interface-method reference: owner (internal name), name, descriptor. */
  record MethodRef(String owner, String name, String descriptor) {}

  final List<String> utf8 = new ArrayList<>();
  final List<String> classNames = new ArrayList<>();
  final List<MethodRef> methodRefs = new ArrayList<>();

  static ClassFile read(InputStream in) throws IOException {
    return new ClassFile(in.readAllBytes());
  }

  private ClassFile(byte[] bytes) throws IOException {
    DataInputStream d = new DataInputStream(new ByteArrayInputStream(bytes));
    if (d.readInt() != 0xCAFEBABE) throw new IOException("not a class file");
    d.readUnsignedShort();
    d.readUnsignedShort();
    int count = d.readUnsignedShort();
    Object[] pool = new Object[count];
    int[][] refs = new int[count][];
    for (int i = 1; i < count; i++) {
      int tag = d.readUnsignedByte();
      switch (tag) {
        case 1 -> pool[i] = d.readUTF();
        case 3, 4 -> d.readInt();
        case 5, 6 -> {
          d.readLong();
          i++; // takes two slots
        }
        case 7, 8, 16, 19, 20 -> refs[i] = new int[] {tag, d.readUnsignedShort()};
        case 9, 10, 11, 12, 17, 18 -> refs[i] = new int[] {tag, d.readUnsignedShort(), d.readUnsignedShort()};
        case 15 -> {
          d.readUnsignedByte();
          d.readUnsignedShort();
        }
        default -> throw new IOException("unknown constant tag " + tag);
      }
    }
    for (Object o : pool) {
      if (o instanceof String s) utf8.add(s);
    }
    for (int[] r : refs) {
      if (r != null && r[0] == 7) classNames.add((String) pool[r[1]]);
      if (r == null || (r[0] != 10 && r[0] != 11)) continue;
      String owner = (String) pool[refs[r[1]][1]];
      int[] nameAndType = refs[r[2]];
      methodRefs.add(new MethodRef(owner, (String) pool[nameAndType[1]], (String) pool[nameAndType[2]]));
    }
  }
}
