using System;
using System.Collections.Generic;
using System.IO;

namespace Provenance.Packages
{
    /// <summary>
    /// The raw central directory of a zip: where each record sits and where its local entry starts. Just enough of
    /// the format (APPNOTE.TXT 4.3.12, 4.3.16) to compute NuGet's content hash without NuGet's libraries. Zip64 is
    /// not supported: NuGet package signing refuses it too.
    /// </summary>
    internal sealed class ZipDirectory
    {
        private const uint EndOfCentralDirectorySignature = 0x06054b50;
        private const uint CentralDirectoryHeaderSignature = 0x02014b50;
        private const int EndOfCentralDirectoryFixedSize = 22;
        public const int CentralDirectoryFixedSize = 46;
        public const int LocalHeaderOffsetField = 42;
        private const ushort Utf8NameFlag = 1 << 11;

        private ZipDirectory(long endOfCentralDirectoryPosition, List<Record> records)
        {
            EndOfCentralDirectoryPosition = endOfCentralDirectoryPosition;
            Records = records;
        }

        public long EndOfCentralDirectoryPosition { get; }

        /// <summary>Records in the order the central directory lists them.</summary>
        public IReadOnlyList<Record> Records { get; }

        /// <summary>
        /// The records of a seekable zip. Anything NuGet would not read as a zip is <see cref="InvalidDataException"/>,
        /// a truncated file included: callers (and the fuzz tests) rely on that one exception type.
        /// </summary>
        public static ZipDirectory Read(Stream stream)
        {
            try
            {
                return ReadRecords(stream);
            }
            catch (EndOfStreamException e)
            {
                throw new InvalidDataException("the zip is truncated", e);
            }
        }

        private static ZipDirectory ReadRecords(Stream stream)
        {
            long eocd = FindEndOfCentralDirectory(stream);
            var reader = new BinaryReader(stream);
            stream.Position = eocd + 10;
            ushort totalEntries = reader.ReadUInt16();
            uint size = reader.ReadUInt32();
            uint offset = reader.ReadUInt32();
            if (totalEntries == 0xFFFF || size == 0xFFFFFFFF || offset == 0xFFFFFFFF)
                throw new InvalidDataException("the zip uses Zip64, which NuGet packages do not");
            if (offset > eocd) throw new InvalidDataException("the central directory offset points past its end");
            if (totalEntries > PackageLimits.MaxEntries) throw new InvalidDataException($"it has more than {PackageLimits.MaxEntries} entries");

            stream.Position = offset;
            var records = new List<Record>();
            // Like NuGet, read records for as long as their signature is there.
            while (stream.Position + CentralDirectoryFixedSize <= eocd && reader.ReadUInt32() == CentralDirectoryHeaderSignature)
            {
                long position = stream.Position - 4;
                stream.Position = position + 8;
                ushort flags = reader.ReadUInt16();
                stream.Position = position + 28;
                ushort nameLength = reader.ReadUInt16();
                ushort extraLength = reader.ReadUInt16();
                ushort commentLength = reader.ReadUInt16();
                stream.Position = position + LocalHeaderOffsetField;
                uint localHeaderOffset = reader.ReadUInt32();
                byte[] name = reader.ReadBytes(nameLength);
                if (name.Length != nameLength) throw new InvalidDataException("a central directory record is truncated");
                int headerSize = CentralDirectoryFixedSize + nameLength + extraLength + commentLength;
                records.Add(new Record(position, localHeaderOffset, headerSize, name, (flags & Utf8NameFlag) != 0));
                if (records.Count > PackageLimits.MaxEntries) throw new InvalidDataException($"it has more than {PackageLimits.MaxEntries} entries");
                stream.Position = position + headerSize;
            }
            if (records.Count == 0) throw new InvalidDataException("the zip has no central directory records");
            return new ZipDirectory(eocd, records);
        }

        /// <summary>Scans backwards over at most the record and the longest comment (64 KiB).</summary>
        private static long FindEndOfCentralDirectory(Stream stream)
        {
            long length = stream.Length;
            if (length < EndOfCentralDirectoryFixedSize) throw new InvalidDataException("the file is too short to be a zip");
            int window = (int)Math.Min(length, EndOfCentralDirectoryFixedSize + ushort.MaxValue);
            var buffer = new byte[window];
            stream.Position = length - window;
            int read = 0;
            while (read < window)
            {
                int n = stream.Read(buffer, read, window - read);
                if (n <= 0) throw new EndOfStreamException();
                read += n;
            }
            for (int i = window - EndOfCentralDirectoryFixedSize; i >= 0; i--)
            {
                if (ReadUInt32(buffer, i) == EndOfCentralDirectorySignature) return length - window + i;
            }
            throw new InvalidDataException("the end of central directory record is missing: not a zip");
        }

        /// <summary>Zip integers are little-endian whatever the machine.</summary>
        private static uint ReadUInt32(byte[] buffer, int index) =>
            (uint)(buffer[index] | buffer[index + 1] << 8 | buffer[index + 2] << 16 | buffer[index + 3] << 24);

        internal sealed class Record
        {
            public Record(long position, uint localHeaderOffset, int headerSize, byte[] rawName, bool utf8Name)
            {
                Position = position;
                LocalHeaderOffset = localHeaderOffset;
                HeaderSize = headerSize;
                RawName = rawName;
                Utf8Name = utf8Name;
            }

            public long Position { get; }
            public uint LocalHeaderOffset { get; }
            public int HeaderSize { get; }
            public byte[] RawName { get; }
            public bool Utf8Name { get; }

            /// <summary>From its local header to the next entry's (or to the central directory): header, data, descriptor.</summary>
            public long EntryTotalSize { get; set; }
        }
    }
}
