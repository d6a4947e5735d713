using System;

namespace Provenance
{
    /// <summary>
    /// An error a user can act on. <see cref="Code"/> is a PROV#### code with a help page under
    /// docs/diagnostics/; the message names the file, property or package at fault and never holds key material.
    /// </summary>
    public class ProvenanceException : Exception
    {
        public ProvenanceException(string code, string message, Exception? inner = null)
            : base(message, inner) => Code = code;

        public string Code { get; }
    }
}
