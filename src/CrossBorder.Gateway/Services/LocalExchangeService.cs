using CrossBorder.Contracts.V1;
using CrossBorder.Gateway.Configuration;
using CrossBorder.Gateway.Security;
using Grpc.Core;

namespace CrossBorder.Gateway.Services;

/// <summary>The local face. Submit, inbox, acknowledge and status arrive with the exchange (issue #6).</summary>
internal sealed class LocalExchangeService(GatewayRuntime runtime) : LocalExchange.LocalExchangeBase
{
    public override Task<WhoAmIResponse> WhoAmI(WhoAmIRequest request, ServerCallContext context)
    {
        var client = CallerIdentity.Local(context);
        var role = runtime.LocalRoles[client.Role];
        var response = new WhoAmIResponse { Participant = runtime.Participant.ToString(), LocalRole = client.Role };
        response.MaySubmit.AddRange(role.MaySubmit.Order());
        response.MayRead.AddRange(role.MayRead.Order());
        return Task.FromResult(response);
    }
}
