using System;
using System.IO;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Provenance.Packages
{
    /// <summary>
    /// The part of a file's stamp that its owner cannot set back: the inode change time, inode number and device.
    /// Size and last write time alone prove nothing (`touch -r` restores the time after a same-size rewrite); every
    /// write, truncation, rename or time change moves the change time to "now", which only the clock's owner controls.
    /// <see cref="Unknown"/> (the OS keeps no such time, or asking failed) matches nothing, so callers re-hash.
    /// </summary>
    internal readonly struct FileChangeStamp
    {
        public static readonly FileChangeStamp Unknown = default;

        public FileChangeStamp(long changeTime, long fileId, long device)
        {
            ChangeTime = changeTime;
            FileId = fileId;
            Device = device;
            IsKnown = true;
        }

        /// <summary>Nanoseconds since the Unix epoch (Linux, macOS) or 100 ns ticks since 1601 (Windows).</summary>
        public long ChangeTime { get; }
        public long FileId { get; }
        public long Device { get; }
        public bool IsKnown { get; }

        /// <summary>Both known and equal: an unknown stamp is never evidence that a file is unchanged.</summary>
        public bool Matches(FileChangeStamp other) =>
            IsKnown && other.IsKnown && ChangeTime == other.ChangeTime && FileId == other.FileId && Device == other.Device;

        /// <summary>
        /// Stamps the regular file at <paramref name="path"/>, whose size and last write time a directory listing
        /// reported. The OS's own size and time must agree with them: a file that changed in between, a symbolic link
        /// (its target could change without touching the link) or a struct layout this code got wrong all give Unknown.
        /// </summary>
        public static FileStamp Read(string path, long listedLength, long listedLastWriteUtcTicks)
        {
            FileStamp stamp;
            bool read;
            try
            {
                read = Platform.Linux ? Linux.TryRead(path, out stamp)
                     : Platform.MacOS ? MacOS.TryRead(path, out stamp)
                     : Platform.Windows ? Windows.TryRead(path, out stamp)
                     : Unavailable(out stamp);
            }
            catch (Exception e) when (e is DllNotFoundException || e is EntryPointNotFoundException)
            {
                read = Unavailable(out stamp);
            }
            return read && stamp.Length == listedLength && stamp.LastWriteUtcTicks == listedLastWriteUtcTicks
                ? stamp
                : new FileStamp(listedLength, listedLastWriteUtcTicks, Unknown);
        }

        private static bool Unavailable(out FileStamp stamp)
        {
            stamp = default;
            return false;
        }

        private static long UnixTicks(long seconds, long nanoseconds) =>
            DateTimeOffset.FromUnixTimeSeconds(0).UtcTicks + seconds * TimeSpan.TicksPerSecond + nanoseconds / 100;

        private static class Platform
        {
            public static readonly bool Linux = RuntimeInformation.IsOSPlatform(OSPlatform.Linux);
            public static readonly bool MacOS = RuntimeInformation.IsOSPlatform(OSPlatform.OSX);
            public static readonly bool Windows = RuntimeInformation.IsOSPlatform(OSPlatform.Windows);
        }

        private static class Linux
        {
            private const int AtFdCwd = -100, AtSymlinkNoFollow = 0x100;
            private const uint StatxType = 0x1, StatxMtime = 0x40, StatxCtime = 0x80, StatxIno = 0x100, StatxSize = 0x200;
            private const uint Wanted = StatxType | StatxMtime | StatxCtime | StatxIno | StatxSize;
            private const ushort FileTypeMask = 0xF000, RegularFile = 0x8000;
            private const int ENOSYS = 38, EPERM = 1;

            // statx is missing on kernels before 4.11 and refused (ENOSYS or EPERM) by some container seccomp profiles;
            // asking once per process is enough to know.
            private static volatile bool s_unavailable;

            public static bool TryRead(string path, out FileStamp stamp)
            {
                stamp = default;
                if (s_unavailable) return false;
                if (statx(AtFdCwd, path, AtSymlinkNoFollow, Wanted, out Statx buffer) != 0)
                {
                    int errno = Marshal.GetLastWin32Error();
                    if (errno == ENOSYS || errno == EPERM) s_unavailable = true;
                    return false;
                }
                if ((buffer.Mask & Wanted) != Wanted || (buffer.Mode & FileTypeMask) != RegularFile) return false;
                stamp = new FileStamp((long)buffer.Size, UnixTicks(buffer.MtimeSeconds, buffer.MtimeNanoseconds),
                    new FileChangeStamp(buffer.CtimeSeconds * 1_000_000_000 + buffer.CtimeNanoseconds, (long)buffer.Ino,
                        ((long)buffer.DevMajor << 32) | buffer.DevMinor));
                return true;
            }

            // The kernel's struct statx (include/uapi/linux/stat.h): one layout on every architecture, 256 bytes.
            [StructLayout(LayoutKind.Explicit, Size = 256)]
            private struct Statx
            {
                [FieldOffset(0)] public uint Mask;
                [FieldOffset(28)] public ushort Mode;
                [FieldOffset(32)] public ulong Ino;
                [FieldOffset(40)] public ulong Size;
                [FieldOffset(96)] public long CtimeSeconds;
                [FieldOffset(104)] public uint CtimeNanoseconds;
                [FieldOffset(112)] public long MtimeSeconds;
                [FieldOffset(120)] public uint MtimeNanoseconds;
                [FieldOffset(136)] public uint DevMajor;
                [FieldOffset(140)] public uint DevMinor;
            }

            // glibc >= 2.28; an older libc throws EntryPointNotFoundException, which Read turns into Unknown.
            [DllImport("libc", SetLastError = true)]
            private static extern int statx(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, out Statx buffer);
        }

        private static class MacOS
        {
            private const ushort FileTypeMask = 0xF000, RegularFile = 0x8000;

            public static bool TryRead(string path, out FileStamp stamp)
            {
                stamp = default;
                // x86_64 keeps the 32-bit-inode struct under the plain name; arm64 has only the 64-bit-inode one.
                int result = RuntimeInformation.ProcessArchitecture == Architecture.X64
                    ? lstat_inode64(path, out Stat buffer)
                    : lstat(path, out buffer);
                if (result != 0 || (buffer.Mode & FileTypeMask) != RegularFile) return false;
                stamp = new FileStamp(buffer.Size, UnixTicks(buffer.MtimeSeconds, buffer.MtimeNanoseconds),
                    new FileChangeStamp(buffer.CtimeSeconds * 1_000_000_000 + buffer.CtimeNanoseconds, (long)buffer.Ino, buffer.Dev));
                return true;
            }

            // struct stat with _DARWIN_FEATURE_64_BIT_INODE (sys/stat.h), 144 bytes. Untested here: Read's size and
            // time cross-check turns a wrong offset into Unknown (re-hashing), never into a false match.
            [StructLayout(LayoutKind.Explicit, Size = 144)]
            private struct Stat
            {
                [FieldOffset(0)] public int Dev;
                [FieldOffset(4)] public ushort Mode;
                [FieldOffset(8)] public ulong Ino;
                [FieldOffset(48)] public long MtimeSeconds;
                [FieldOffset(56)] public long MtimeNanoseconds;
                [FieldOffset(64)] public long CtimeSeconds;
                [FieldOffset(72)] public long CtimeNanoseconds;
                [FieldOffset(96)] public long Size;
            }

            [DllImport("libc", EntryPoint = "lstat", SetLastError = true)]
            private static extern int lstat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, out Stat buffer);

            [DllImport("libc", EntryPoint = "lstat$INODE64", SetLastError = true)]
            private static extern int lstat_inode64([MarshalAs(UnmanagedType.LPUTF8Str)] string path, out Stat buffer);
        }

        private static class Windows
        {
            private const uint FileReadAttributes = 0x80, FileShareAll = 0x7, OpenExisting = 3;
            private const uint FileFlagBackupSemantics = 0x02000000, FileFlagOpenReparsePoint = 0x00200000;
            private const uint FileAttributeDirectory = 0x10, FileAttributeReparsePoint = 0x400;
            private const int FileBasicInfoClass = 0;

            public static bool TryRead(string path, out FileStamp stamp)
            {
                stamp = default;
                using (SafeFileHandle handle = CreateFileW(path, FileReadAttributes, FileShareAll, IntPtr.Zero, OpenExisting,
                           FileFlagBackupSemantics | FileFlagOpenReparsePoint, IntPtr.Zero))
                {
                    if (handle.IsInvalid) return false;
                    if (!GetFileInformationByHandleEx(handle, FileBasicInfoClass, out FileBasicInfo basic, Marshal.SizeOf<FileBasicInfo>())) return false;
                    if (!GetFileInformationByHandle(handle, out ByHandleFileInformation identity)) return false;
                    if ((basic.FileAttributes & (FileAttributeDirectory | FileAttributeReparsePoint)) != 0 || basic.ChangeTime == 0) return false;
                    long length = ((long)identity.FileSizeHigh << 32) | identity.FileSizeLow;
                    stamp = new FileStamp(length, DateTime.FromFileTimeUtc(basic.LastWriteTime).Ticks,
                        new FileChangeStamp(basic.ChangeTime, ((long)identity.FileIndexHigh << 32) | identity.FileIndexLow, identity.VolumeSerialNumber));
                    return true;
                }
            }

            [StructLayout(LayoutKind.Sequential)]
            private struct FileBasicInfo
            {
                public long CreationTime;
                public long LastAccessTime;
                public long LastWriteTime;
                public long ChangeTime;
                public uint FileAttributes;
            }

            // FILETIME is two DWORDs, so the 64-bit times sit on 4-byte boundaries: 52 bytes in all.
            [StructLayout(LayoutKind.Sequential, Pack = 4)]
            private struct ByHandleFileInformation
            {
                public uint FileAttributes;
                public long CreationTime;
                public long LastAccessTime;
                public long LastWriteTime;
                public uint VolumeSerialNumber;
                public uint FileSizeHigh;
                public uint FileSizeLow;
                public uint NumberOfLinks;
                public uint FileIndexHigh;
                public uint FileIndexLow;
            }

            [DllImport("kernel32.dll", CharSet = CharSet.Unicode, SetLastError = true)]
            private static extern SafeFileHandle CreateFileW(string path, uint access, uint share, IntPtr security, uint creation, uint flags, IntPtr template);

            [DllImport("kernel32.dll", SetLastError = true)]
            [return: MarshalAs(UnmanagedType.Bool)]
            private static extern bool GetFileInformationByHandleEx(SafeFileHandle handle, int infoClass, out FileBasicInfo info, int size);

            [DllImport("kernel32.dll", SetLastError = true)]
            [return: MarshalAs(UnmanagedType.Bool)]
            private static extern bool GetFileInformationByHandle(SafeFileHandle handle, out ByHandleFileInformation info);
        }
    }
}
