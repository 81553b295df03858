using Mesh.Policy.Resources;
using Mesh.Policy.Resources.Networking;
using Mesh.Policy.Resources.Security;
using Mesh.Policy.Resources.Smi;

namespace Mesh.Policy.Validation;

/// <summary>Checks the meaning of one bound resource (the binder has already checked its shape).</summary>
internal static class ResourceValidator
{
    public static void Validate(MeshResource resource, DiagnosticBag bag)
    {
        ValidateMetadata(resource.Metadata, bag);
        switch (resource)
        {
            case VirtualService vs:
                VirtualServiceValidator.Validate(vs.Spec, bag);
                break;
            case DestinationRule dr:
                DestinationRuleValidator.Validate(dr.Spec, bag);
                break;
            case ServiceEntry se:
                ServiceEntryValidator.Validate(se.Spec, bag);
                break;
            case WorkloadEntry we:
                ServiceEntryValidator.ValidateWorkloadEntry(we.Spec, "spec", bag, requireAddress: true);
                break;
            case PeerAuthentication pa:
                SecurityValidator.Validate(pa.Spec, bag);
                break;
            case AuthorizationPolicy ap:
                SecurityValidator.Validate(ap.Spec, bag);
                break;
            case TrafficSplit ts:
                SmiValidator.Validate(ts, bag);
                break;
            case TrafficTarget tt:
                SmiValidator.Validate(tt.Spec, bag);
                break;
            case HttpRouteGroup hrg:
                SmiValidator.Validate(hrg.Spec, bag);
                break;
            case TcpRoute tcp:
                SmiValidator.Validate(tcp.Spec, bag);
                break;
        }

        NotEnforcedYet.Check(resource, bag);
    }

    private static void ValidateMetadata(ObjectMeta metadata, DiagnosticBag bag)
    {
        if (!string.IsNullOrEmpty(metadata.Name) && !DnsNames.IsSubdomain(metadata.Name))
        {
            bag.Error("metadata.name", $"\"{metadata.Name}\" is not a valid name: use lower-case letters, digits, '-' and '.', starting and ending with a letter or digit (at most 253)");
        }

        if (!string.IsNullOrEmpty(metadata.Namespace) && !DnsNames.IsLabel(metadata.Namespace))
        {
            bag.Error("metadata.namespace", $"\"{metadata.Namespace}\" is not a valid namespace: use lower-case letters, digits and '-' (at most 63)");
        }

        ValidationRules.Labels(bag, "metadata.labels", metadata.Labels);
    }
}
