// Strings across the C boundary: C passes NUL-terminated UTF-8 it owns;
// managed code writes into buffers C owns, cut at a character and always
// terminated, so no managed string or exception ever reaches C.
using System;
using System.Runtime.InteropServices;
using System.Text;

namespace Leaklab.CoreClr
{
    static unsafe class Utf8
    {
        // Lone surrogates become U+FFFD, as the host's records spell them.
        static readonly Encoding Strict = new UTF8Encoding(false, false);

        public static string Read(byte* text)
        {
            return text == null ? null : Marshal.PtrToStringUTF8((IntPtr)text);
        }

        // TEXT into BUFFER of SIZE bytes, cut at a character boundary.
        public static void Write(string text, byte* buffer, int size)
        {
            if (buffer == null || size <= 0)
                return;
            byte[] bytes = Strict.GetBytes(text ?? "");
            int n = Math.Min(bytes.Length, size - 1);
            while (n > 0 && n < bytes.Length && (bytes[n] & 0xC0) == 0x80)
                n--;
            Marshal.Copy(bytes, 0, (IntPtr)buffer, n);
            buffer[n] = 0;
        }

        // TEXT as a NUL-terminated array, for a call into C.
        public static byte[] Terminated(string text)
        {
            if (text == null)
                return null;
            byte[] bytes = new byte[Strict.GetByteCount(text) + 1];
            Strict.GetBytes(text, 0, text.Length, bytes, 0);
            return bytes;
        }
    }
}
