using System.Collections.Concurrent;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace CrossBorder.Gateway.Ops;

/// <summary>
/// Keeps the data-protection keys of the console (session cookie, forms' anti-forgery tokens) in
/// memory: nothing is written to disk or to the operator's home folder, and a restart signs everyone out.
/// </summary>
internal sealed class MemoryKeyRepository : IXmlRepository
{
    private readonly ConcurrentQueue<XElement> _elements = new();

    public IReadOnlyCollection<XElement> GetAllElements() => [.. _elements.Select(e => new XElement(e))];

    public void StoreElement(XElement element, string friendlyName) => _elements.Enqueue(new XElement(element));
}
