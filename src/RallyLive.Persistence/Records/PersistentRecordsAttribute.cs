namespace RallyLive.Persistence.Records;

/// <summary>
/// On a grain constructor parameter of type <see cref="IPersistentRecords{TRecord}"/>: the collection to supply,
/// from the grain storage named <paramref name="storageName"/> (the default storage when null). Orleans fills the
/// parameter as it fills <c>[PersistentState]</c>, through <c>PersistentRecordsAttributeMapper</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class PersistentRecordsAttribute(string collectionName, string? storageName = null) : Attribute, IFacetMetadata
{
    public string CollectionName { get; } = collectionName;

    public string? StorageName { get; } = storageName;
}
