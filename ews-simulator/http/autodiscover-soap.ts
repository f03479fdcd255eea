import { ACCEPTED_REQUEST_VERSIONS, SIMULATED_SERVER, type SimAccount } from "../contract";
import { sendAutodiscoverAnswer } from "./autodiscover-faults";
import { answerSignedInGet, type EndpointCall, logCall, readAuthenticated } from "./ews-endpoint";
import { escapeXml, parseXml, textsByLocalName } from "./xml-text";

/**
 * SOAP autodiscover (`/autodiscover/autodiscover.svc`), GetUserSettings only, shaped after Microsoft's
 * "GetUserSettings operation (SOAP)" example. Settings served: the keys of SETTINGS below; any other name
 * comes back in UserSettingErrors as InvalidSetting; an unknown mailbox gets ErrorCode InvalidUser.
 * Other operations (GetDomainSettings, GetFederationInformation) get a SOAP fault. A GET is authenticated
 * first, as IIS does for every verb (an NTLM client sends its type-1 message on a GET), then gets a short page.
 */
const AUTODISCOVER_NS = "http://schemas.microsoft.com/exchange/2010/Autodiscover";

/** The named versions EWS accepts (the V20xx_xx_xx ones are not listed by Exchange either). */
const SUPPORTED_SCHEMAS = ACCEPTED_REQUEST_VERSIONS.filter((version) => version.startsWith("Exchange")).join(", ");

const { majorVersion, minorVersion, majorBuild, minorBuild } = SIMULATED_SERVER;
const pad = (value: number, width: number) => String(value).padStart(width, "0");
/** The same build EWS's ServerVersionInfo and POX autodiscover report, written as Exchange writes CasVersion. */
const CAS_VERSION = `${pad(majorVersion, 2)}.${pad(minorVersion, 2)}.${pad(majorBuild, 4)}.${pad(minorBuild, 3)}`;

const SETTINGS: Record<string, (input: { account: SimAccount; ewsUrl: string }) => string> = {
  UserDisplayName: ({ account }) => account.displayName,
  UserDN: ({ account }) =>
    `/o=Contoso/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=${account.username}`,
  UserDeploymentId: () => "5f1a2b3c-0000-4000-8000-00000000c0de",
  AutoDiscoverSMTPAddress: ({ account }) => account.email,
  InternalMailboxServer: () => "exch01.contoso.test",
  MailboxDN: () =>
    "/o=Contoso/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Configuration/cn=Servers/cn=EXCH01",
  ActiveDirectoryServer: () => "dc01.contoso.test",
  CasVersion: () => CAS_VERSION,
  EwsSupportedSchemas: () => SUPPORTED_SCHEMAS,
  ExternalEwsUrl: ({ ewsUrl }) => ewsUrl,
  InternalEwsUrl: ({ ewsUrl }) => ewsUrl,
};

function envelope(body: string): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" xmlns:a="http://www.w3.org/2005/08/addressing">
  <s:Header>
    <a:Action s:mustUnderstand="1">${AUTODISCOVER_NS}/Autodiscover/GetUserSettingsResponse</a:Action>
    <h:ServerVersionInfo xmlns:h="${AUTODISCOVER_NS}" xmlns:i="http://www.w3.org/2001/XMLSchema-instance">
      <h:MajorVersion>${majorVersion}</h:MajorVersion><h:MinorVersion>${minorVersion}</h:MinorVersion><h:MajorBuildNumber>${majorBuild}</h:MajorBuildNumber><h:MinorBuildNumber>${minorBuild}</h:MinorBuildNumber><h:Version>Exchange2015</h:Version>
    </h:ServerVersionInfo>
  </s:Header>
  <s:Body>
${body}
  </s:Body>
</s:Envelope>
`;
}

function userResponse(input: { mailbox: string; account?: SimAccount; settings: string[]; ewsUrl: string }): string {
  if (!input.account) {
    return `          <UserResponse>
            <ErrorCode>InvalidUser</ErrorCode>
            <ErrorMessage>Invalid user: '${escapeXml(input.mailbox)}'</ErrorMessage>
            <RedirectTarget i:nil="true" />
            <UserSettingErrors />
            <UserSettings />
          </UserResponse>`;
  }
  const account = input.account;
  const known = input.settings.filter((name) => SETTINGS[name]);
  const unknown = input.settings.filter((name) => !SETTINGS[name]);
  const values = known.map(
    (name) => `              <UserSetting i:type="StringSetting">
                <Name>${escapeXml(name)}</Name>
                <Value>${escapeXml(SETTINGS[name]?.({ account, ewsUrl: input.ewsUrl }) ?? "")}</Value>
              </UserSetting>`,
  );
  const errors = unknown.map(
    (name) => `              <UserSettingError>
                <ErrorCode>InvalidSetting</ErrorCode>
                <ErrorMessage>The requested setting is invalid.</ErrorMessage>
                <SettingName>${escapeXml(name)}</SettingName>
              </UserSettingError>`,
  );
  return `          <UserResponse>
            <ErrorCode>NoError</ErrorCode>
            <ErrorMessage>No error.</ErrorMessage>
            <RedirectTarget i:nil="true" />
            <UserSettingErrors>
${errors.join("\n")}
            </UserSettingErrors>
            <UserSettings>
${values.join("\n")}
            </UserSettings>
          </UserResponse>`;
}

function soapFault(message: string): string {
  return envelope(`    <s:Fault>
      <faultcode xmlns:a="http://schemas.microsoft.com/net/2005/12/windowscommunicationfoundation/dispatcher">a:InternalServiceFault</faultcode>
      <faultstring xml:lang="en-US">${escapeXml(message)}</faultstring>
    </s:Fault>`);
}

export async function handleSoapAutodiscover(call: EndpointCall): Promise<void> {
  const startedAt = performance.now();
  const signedIn = await readAuthenticated({ ...call, startedAt });
  if (!signedIn) return;
  const { context, variant } = call;
  const root = parseXml(signedIn.body);
  const isGetUserSettings = root
    ? root.getElementsByTagNameNS(AUTODISCOVER_NS, "GetUserSettingsRequestMessage").length > 0
    : false;
  const mailboxes = root ? textsByLocalName({ root, localName: "Mailbox" }) : [];
  let status = 200;
  let xml: string;
  if (!root || !isGetUserSettings) {
    status = 500;
    xml = soapFault(root ? "Only GetUserSettings is simulated." : "The request is not well-formed XML.");
  } else {
    const settings = textsByLocalName({ root, localName: "Setting" });
    const ewsUrl = context.ewsUrlOf(variant);
    const users = mailboxes.map((mailbox) =>
      userResponse({ mailbox, account: context.accounts.findByEmail(mailbox), settings, ewsUrl }),
    );
    xml = envelope(`    <GetUserSettingsResponseMessage xmlns="${AUTODISCOVER_NS}">
      <Response xmlns:i="http://www.w3.org/2001/XMLSchema-instance">
        <ErrorCode>NoError</ErrorCode>
        <ErrorMessage />
        <UserResponses>
${users.join("\n")}
        </UserResponses>
      </Response>
    </GetUserSettingsResponseMessage>`);
  }
  const sent = await sendAutodiscoverAnswer({
    call,
    operation: "GetUserSettings",
    accountEmail: signedIn.account.email,
    mailboxes: mailboxes.map((m) => m.toLowerCase()),
    answer: { status, body: xml },
  });
  logCall({
    ...call,
    startedAt,
    fields: {
      ...sent,
      operation: "GetUserSettings",
      account: signedIn.account.email,
      authScheme: signedIn.scheme,
      mailboxes: mailboxes.map((m) => m.toLowerCase()),
    },
  });
}

/** GET: authenticated first like the .asmx (NTLM's type-1 step arrives as a GET), then WCF's service page, in short. */
export function handleSoapAutodiscoverGet(call: EndpointCall): Promise<void> {
  return answerSignedInGet({
    call,
    page: "<html><body><p>Autodiscover service (EWS simulator): POST GetUserSettings requests to this URL.</p></body></html>",
  });
}
