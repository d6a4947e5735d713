using System;

namespace Provenance.Sigstore
{
    /// <summary>
    /// A trusted root's validFor: a closed interval (both ends inclusive, as protobuf-specs' TimeRange says), with a
    /// required start and an optional end. A missing validFor is <c>null</c> where it is used and means unbounded; a
    /// validFor without its start is a malformed root, never "since forever".
    /// </summary>
    public sealed class TimeRange
    {
        public TimeRange(DateTimeOffset start, DateTimeOffset? end)
        {
            if (end.HasValue && end.Value < start) throw new ArgumentException("The end of a time range precedes its start.", nameof(end));
            Start = start;
            End = end;
        }

        public DateTimeOffset Start { get; }

        public DateTimeOffset? End { get; }

        public bool Contains(DateTimeOffset time) => time >= Start && (!End.HasValue || time <= End.Value);

        /// <summary>True for a missing (unbounded) range, otherwise <see cref="Contains"/>.</summary>
        public static bool Includes(TimeRange? range, DateTimeOffset time) => range == null || range.Contains(time);

        public override string ToString() => End.HasValue ? $"{Start:u} .. {End.Value:u}" : $"{Start:u} ..";
    }
}
