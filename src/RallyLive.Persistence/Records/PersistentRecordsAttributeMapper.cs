using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Providers;
using Orleans.Storage;

namespace RallyLive.Persistence.Records;

/// <summary>
/// Fills grain constructor parameters marked <see cref="PersistentRecordsAttribute"/>, as Orleans'
/// <c>PersistentStateAttributeMapper</c> fills <c>[PersistentState]</c>: each activation gets records bound to its
/// grain id, kept by the keyed <see cref="IGrainStorage"/> the attribute names, which must be an <see cref="IGrainRecordStorage"/>.
/// </summary>
public sealed class PersistentRecordsAttributeMapper : IAttributeToFactoryMapper<PersistentRecordsAttribute>
{
    private static readonly MethodInfo CreateMethod =
        typeof(PersistentRecordsAttributeMapper).GetMethod(nameof(Create), BindingFlags.NonPublic | BindingFlags.Static)!;

    public Factory<IGrainContext, object> GetFactory(ParameterInfo parameter, PersistentRecordsAttribute metadata)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        ArgumentNullException.ThrowIfNull(metadata);
        var type = parameter.ParameterType;
        if (!type.IsGenericType || type.GetGenericTypeDefinition() != typeof(IPersistentRecords<>))
        {
            throw new ArgumentException(
                $"Parameter '{parameter.Name}' of the constructor of '{parameter.Member.DeclaringType}' has type '{type}', but [PersistentRecords] "
                + $"needs an {typeof(IPersistentRecords<>).Name.Split('`')[0]}<TRecord>.", parameter.Name);
        }

        var create = CreateMethod.MakeGenericMethod(type.GetGenericArguments()).CreateDelegate<Func<IGrainContext, PersistentRecordsAttribute, object>>();
        return context => create(context, metadata);
    }

    private static PersistentRecords<TRecord> Create<TRecord>(IGrainContext context, PersistentRecordsAttribute attribute)
    {
        var storageName = attribute.StorageName ?? ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME;
        var storage = context.ActivationServices.GetKeyedService<IGrainStorage>(storageName);
        if (storage is not IGrainRecordStorage records)
        {
            throw new InvalidOperationException(storage is null
                ? $"Grain {context.GrainId} keeps collection '{attribute.CollectionName}' in grain storage '{storageName}', but no grain storage of that name is registered."
                : $"Grain {context.GrainId} keeps collection '{attribute.CollectionName}' in grain storage '{storageName}', but that storage ({storage.GetType().Name}) "
                  + $"cannot keep records: it does not implement {nameof(IGrainRecordStorage)}. Use AddSqliteGrainStorage, AddRedisGrainStorageWithRecords or AddMemoryGrainStorageWithRecords for it.");
        }

        return new PersistentRecords<TRecord>(attribute.CollectionName, storageName, records, context.GrainId);
    }
}
