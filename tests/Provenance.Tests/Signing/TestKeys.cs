using System;
using System.Collections.Concurrent;
using Provenance.Signing;

namespace Provenance.Tests.Signing
{
    /// <summary>Keys generated once per test run (RSA generation is slow); never written to the repository.</summary>
    internal static class TestKeys
    {
        private static readonly ConcurrentDictionary<KeyAlgorithm, Lazy<SigningKey>> Keys = new ConcurrentDictionary<KeyAlgorithm, Lazy<SigningKey>>();

        public static SigningKey Get(KeyAlgorithm algorithm) =>
            Keys.GetOrAdd(algorithm, a => new Lazy<SigningKey>(() => SigningKey.Generate(a))).Value;
    }
}
