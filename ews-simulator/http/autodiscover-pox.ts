import { SIMULATED_SERVER, type SimAccount } from "../contract";
import { sendAutodiscoverAnswer } from "./autodiscover-faults";
import { type EndpointCall, logCall, readAuthenticated } from "./ews-endpoint";
import { escapeXml, parseXml, textsByLocalName } from "./xml-text";

/**
 * POX autodiscover (`/autodiscover/autodiscover.xml`), per Microsoft's "POX Autodiscover request/response
 * for Exchange" pages: an EXCH and an EXPR protocol, both pointing at the EWS URL of the listener that was
 * asked. Errors: 600 "Invalid Request" for a body that is not a request, 601 for a response schema other
 * than outlook/2006a, 500 for an address the organisation does not have. A GET (what a browser sends, and
 * what an NTLM client sends its type-1 message on) is authenticated first, as IIS does for every verb, and
 * then answered with Error 600, as Exchange does.
 */
const RESPONSE_NS = "http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006";
const OUTLOOK_NS = "http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a";

export function buildPoxError(input: { code: number; message: string; now: Date }): string {
  const time = input.now.toISOString().slice(11, 23);
  return `<?xml version="1.0" encoding="utf-8"?>
<Autodiscover xmlns="${RESPONSE_NS}">
  <Response xmlns="${RESPONSE_NS}">
    <Error Time="${time}" Id="${Math.floor(Math.random() * 4_000_000_000)}">
      <ErrorCode>${input.code}</ErrorCode>
      <Message>${escapeXml(input.message)}</Message>
      <DebugData />
    </Error>
  </Response>
</Autodiscover>
`;
}

/**
 * POX's ServerVersion: the build EWS reports, as [MS-OXDSCLI] packs it into 32 bits written in hex: 4 bits
 * 0111, 6 bits major version, 6 bits minor version, a 1, 15 bits build (15.1.2507 is 73C189CB).
 */
export function formatPoxServerVersion(): string {
  const { majorVersion, minorVersion, majorBuild } = SIMULATED_SERVER;
  const packed = (0b0111 << 28) | (majorVersion << 22) | (minorVersion << 16) | (1 << 15) | majorBuild;
  return (packed >>> 0).toString(16).toUpperCase().padStart(8, "0");
}

export function buildPoxSettings(input: { account: SimAccount; ewsUrl: string }): string {
  const { account } = input;
  const url = escapeXml(input.ewsUrl);
  // Both protocols are served by the one endpoint, which takes NTLM (what AuthPackage advertises) and Basic.
  const protocol = (type: "EXCH" | "EXPR") => `      <Protocol>
        <Type>${type}</Type>
        <Server>exch01.contoso.test</Server>${
          type === "EXCH"
            ? `
        <ServerVersion>${formatPoxServerVersion()}</ServerVersion>`
            : ""
        }
        <ASUrl>${url}</ASUrl>
        <EwsUrl>${url}</EwsUrl>
        <OOFUrl>${url}</OOFUrl>
        <AuthPackage>Ntlm</AuthPackage>
      </Protocol>`;
  return `<?xml version="1.0" encoding="utf-8"?>
<Autodiscover xmlns="${RESPONSE_NS}">
  <Response xmlns="${OUTLOOK_NS}">
    <User>
      <DisplayName>${escapeXml(account.displayName)}</DisplayName>
      <LegacyDN>/o=Contoso/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=${escapeXml(account.username)}</LegacyDN>
      <AutoDiscoverSMTPAddress>${escapeXml(account.email)}</AutoDiscoverSMTPAddress>
      <DeploymentId>5f1a2b3c-0000-4000-8000-00000000c0de</DeploymentId>
    </User>
    <Account>
      <AccountType>email</AccountType>
      <Action>settings</Action>
      <MicrosoftOnline>False</MicrosoftOnline>
${protocol("EXCH")}
${protocol("EXPR")}
    </Account>
  </Response>
</Autodiscover>
`;
}

export async function handlePoxAutodiscover(call: EndpointCall): Promise<void> {
  const startedAt = performance.now();
  const signedIn = await readAuthenticated({ ...call, startedAt });
  if (!signedIn) return;
  const { context, variant } = call;
  const root = parseXml(signedIn.body);
  const address = root && textsByLocalName({ root, localName: "EMailAddress" })[0];
  const schema = root && textsByLocalName({ root, localName: "AcceptableResponseSchema" })[0];
  const account = address ? context.accounts.findByEmail(address) : undefined;
  const now = context.now();
  const xml = !address
    ? buildPoxError({ code: 600, message: "Invalid Request", now })
    : schema !== OUTLOOK_NS
      ? buildPoxError({ code: 601, message: "Provider is not available", now })
      : !account
        ? buildPoxError({ code: 500, message: "The e-mail address cannot be found.", now })
        : buildPoxSettings({ account, ewsUrl: context.ewsUrlOf(variant) });
  const mailboxes = address ? [address.toLowerCase()] : [];
  // Autodiscover answers errors inside a 200, as Exchange does.
  const sent = await sendAutodiscoverAnswer({
    call,
    operation: "Autodiscover",
    accountEmail: signedIn.account.email,
    mailboxes,
    answer: { status: 200, body: xml },
  });
  logCall({
    ...call,
    startedAt,
    fields: {
      ...sent,
      operation: "Autodiscover",
      account: signedIn.account.email,
      authScheme: signedIn.scheme,
      mailboxes,
    },
  });
}

/** GET: authentication first (the NTLM handshake's type-1 step lands here), then Exchange's 600 Invalid Request. */
export async function handlePoxAutodiscoverGet(call: EndpointCall): Promise<void> {
  const startedAt = performance.now();
  const signedIn = await readAuthenticated({ ...call, startedAt });
  if (!signedIn) return;
  const xml = buildPoxError({ code: 600, message: "Invalid Request", now: call.context.now() });
  call.response.writeHead(200, { "Content-Type": "text/xml; charset=utf-8", "Content-Length": Buffer.byteLength(xml) });
  call.response.end(xml);
  logCall({
    ...call,
    startedAt,
    fields: { status: 200, account: signedIn.account.email, authScheme: signedIn.scheme },
  });
}
