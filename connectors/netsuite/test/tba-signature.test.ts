import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { baseStringUri, hmacSha256Signature, normalizeParameters, percentEncode, signatureBaseString, signingKey, signTbaRequest } from '../src/index.ts';

/*
 * Worked examples. The inputs are those of NetSuite's help page "The Signature for Web Services
 * and RESTlets" (section_1534941088): realm 123456, the consumer and token keys and secrets, nonce
 * fjaLirsIcCGVZWzBX0pg, timestamp 1508242306. The expected base strings were written out by hand
 * from the rules of "Specifications for Signature Construction for the TBA Authorization Flow"
 * (section_157651396916) and RFC 5849 section 3.4; the expected signatures were computed
 * independently with python-oauthlib 3.2.2 (`Client(..., signature_method=HMAC-SHA256, realm=...)`).
 * The first example is NetSuite's own "Signature Base String Example for Step One" (section_157652390285).
 */
const DOC = {
  realm: '123456',
  consumerKey: 'ef40afdd8abaac111b13825dd5e5e2ddddb44f86d5a0dd6dcf38c20aae6b67e4',
  consumerSecret: 'd26ad321a4b2f23b0741c8d38392ce01c3e23e109df6c96eac6d099e9ab9e8b5',
  tokenId: '2b0ce516420110bcbd36b69e99196d1b7f6de3c6234c5afb799b73d87569f5cc',
  tokenSecret: 'c29a677df7d5439a458c063654187e3d678d73aca8e3c9d8bea1478a3eb0d295',
};
const UNIQUE = { nonce: 'fjaLirsIcCGVZWzBX0pg', timestamp: 1508242306 };

const GET_EMPLOYEE = {
  url: 'https://123456.suitetalk.api.netsuite.com/services/rest/record/v1/employee/40',
  baseString:
    'GET&https%3A%2F%2F123456.suitetalk.api.netsuite.com%2Fservices%2Frest%2Frecord%2Fv1%2Femployee%2F40&oauth_consumer_key%3Def40afdd8abaac111b13825dd5e5e2ddddb44f86d5a0dd6dcf38c20aae6b67e4%26oauth_nonce%3DfjaLirsIcCGVZWzBX0pg%26oauth_signature_method%3DHMAC-SHA256%26oauth_timestamp%3D1508242306%26oauth_token%3D2b0ce516420110bcbd36b69e99196d1b7f6de3c6234c5afb799b73d87569f5cc%26oauth_version%3D1.0',
  signature: 'B5OIWznZ2YP0OB7VrJrGkYsTh+8H+5T9Hag+o92q0zY=',
  authorization:
    'OAuth realm="123456", oauth_consumer_key="ef40afdd8abaac111b13825dd5e5e2ddddb44f86d5a0dd6dcf38c20aae6b67e4", oauth_token="2b0ce516420110bcbd36b69e99196d1b7f6de3c6234c5afb799b73d87569f5cc", oauth_nonce="fjaLirsIcCGVZWzBX0pg", oauth_timestamp="1508242306", oauth_signature_method="HMAC-SHA256", oauth_version="1.0", oauth_signature="B5OIWznZ2YP0OB7VrJrGkYsTh%2B8H%2B5T9Hag%2Bo92q0zY%3D"',
};

const POST_RESTLET = {
  url: 'https://123456.restlets.api.netsuite.com/app/site/hosting/restlet.nl?script=6&deploy=1&customParam=someValue&testParam=someOtherValue',
  baseString:
    'POST&https%3A%2F%2F123456.restlets.api.netsuite.com%2Fapp%2Fsite%2Fhosting%2Frestlet.nl&customParam%3DsomeValue%26deploy%3D1%26oauth_consumer_key%3Def40afdd8abaac111b13825dd5e5e2ddddb44f86d5a0dd6dcf38c20aae6b67e4%26oauth_nonce%3DfjaLirsIcCGVZWzBX0pg%26oauth_signature_method%3DHMAC-SHA256%26oauth_timestamp%3D1508242306%26oauth_token%3D2b0ce516420110bcbd36b69e99196d1b7f6de3c6234c5afb799b73d87569f5cc%26oauth_version%3D1.0%26script%3D6%26testParam%3DsomeOtherValue',
  signature: '+KK4SKNgz4ZiILGLwOMtfYlgcXSy1eis8ldE9X90azQ=',
};

const POST_SUITEQL = {
  url: 'https://123456.suitetalk.api.netsuite.com/services/rest/query/v1/suiteql?limit=2&offset=0',
  signature: 'E7hMoUGckDTL6ko0ZRIuvOAbEFVo7GJZcAQl0Z61fsA=',
};

describe('NetSuite token-based authentication: worked examples', () => {
  it("reproduces NetSuite's Step One base string exactly (callback, role, no token)", () => {
    const baseString = signatureBaseString({
      method: 'POST',
      url: 'https://1234567.restlets.api.netsuite.com/rest/requesttoken',
      oauthParameters: {
        oauth_callback: 'https://my.example.com/TBA/?callbackRequest',
        oauth_consumer_key: '60712990bc09623786e7047c226bcb3f86d49dca0b04efc21001dc76d97a81f5',
        oauth_nonce: 'bUvpxBX93OWo0FLswq5M',
        oauth_signature_method: 'HMAC-SHA256',
        oauth_timestamp: '1575998103',
        oauth_version: '1.0',
        role: '45678',
      },
    });
    assert.equal(
      baseString,
      'POST&https%3A%2F%2F1234567.restlets.api.netsuite.com%2Frest%2Frequesttoken&oauth_callback%3Dhttps%253A%252F%252Fmy.example.com%252FTBA%252F%253FcallbackRequest%26oauth_consumer_key%3D60712990bc09623786e7047c226bcb3f86d49dca0b04efc21001dc76d97a81f5%26oauth_nonce%3DbUvpxBX93OWo0FLswq5M%26oauth_signature_method%3DHMAC-SHA256%26oauth_timestamp%3D1575998103%26oauth_version%3D1.0%26role%3D45678',
    );
  });

  it('signs a REST web services GET: base string, signature and Authorization header match exactly', () => {
    const signed = signTbaRequest('GET', GET_EMPLOYEE.url, DOC, UNIQUE);
    assert.equal(signed.baseString, GET_EMPLOYEE.baseString);
    assert.equal(signed.signature, GET_EMPLOYEE.signature);
    assert.equal(signed.authorization, GET_EMPLOYEE.authorization);
  });

  it('signs query parameters into the base string, sorted by byte order (RESTlet example)', () => {
    const signed = signTbaRequest('POST', POST_RESTLET.url, DOC, UNIQUE);
    assert.equal(signed.baseString, POST_RESTLET.baseString);
    assert.equal(signed.signature, POST_RESTLET.signature);
  });

  it('signs the SuiteQL paging parameters', () => {
    assert.equal(signTbaRequest('POST', POST_SUITEQL.url, DOC, UNIQUE).signature, POST_SUITEQL.signature);
  });

  it('fails the worked example whenever the base string is built wrong', () => {
    const oauth = { oauth_consumer_key: DOC.consumerKey, oauth_token: DOC.tokenId, oauth_nonce: UNIQUE.nonce, oauth_timestamp: String(UNIQUE.timestamp), oauth_signature_method: 'HMAC-SHA256', oauth_version: '1.0' };
    const key = signingKey(DOC.consumerSecret, DOC.tokenSecret);
    const right = hmacSha256Signature(signatureBaseString({ method: 'POST', url: POST_RESTLET.url, oauthParameters: oauth }), key);
    assert.equal(right, POST_RESTLET.signature);
    const wrongBaseStrings = {
      'realm signed too': `POST&${percentEncode(baseStringUri(POST_RESTLET.url))}&${percentEncode(normalizeParameters([...new URL(POST_RESTLET.url).searchParams.entries(), ...Object.entries(oauth), ['realm', DOC.realm]]))}`,
      'query left out': signatureBaseString({ method: 'POST', url: POST_RESTLET.url.slice(0, POST_RESTLET.url.indexOf('?')), oauthParameters: oauth }),
      'method in lower case': signatureBaseString({ method: 'POST', url: POST_RESTLET.url, oauthParameters: oauth }).replace(/^POST/, 'post'),
      'query kept in the URI': `POST&${percentEncode(POST_RESTLET.url)}&${percentEncode(normalizeParameters(Object.entries(oauth)))}`,
      'parameters unsorted': `POST&${percentEncode(baseStringUri(POST_RESTLET.url))}&${percentEncode(Object.entries({ ...oauth, script: '6', deploy: '1', customParam: 'someValue', testParam: 'someOtherValue' }).map(([n, v]) => `${n}=${v}`).join('&'))}`,
    };
    for (const [what, baseString] of Object.entries(wrongBaseStrings)) {
      assert.notEqual(hmacSha256Signature(baseString, key), POST_RESTLET.signature, `a base string with ${what} must not give the expected signature`);
    }
    assert.notEqual(hmacSha256Signature(POST_RESTLET.baseString, `${DOC.consumerSecret}&`), POST_RESTLET.signature, 'a key without the token secret must not sign');
  });

  it('percent-encodes as RFC 3986: space as %20, reserved marks encoded, upper-case hex', () => {
    assert.equal(percentEncode("a b+c*d!e'f(g)h~i.j_k-l"), "a%20b%2Bc%2Ad%21e%27f%28g%29h~i.j_k-l");
    assert.equal(percentEncode('ä/€'), '%C3%A4%2F%E2%82%AC');
    assert.equal(baseStringUri('HTTPS://123456.SuiteTalk.api.netsuite.com:443/a/B?x=1#f'), 'https://123456.suitetalk.api.netsuite.com/a/B');
    assert.equal(baseStringUri('http://127.0.0.1:8080/x'), 'http://127.0.0.1:8080/x');
  });

  it('sorts equal names by value and encodes before sorting', () => {
    assert.equal(normalizeParameters([['b', '2'], ['a', 'z'], ['a', 'y b'], ['a1', 'x']]), 'a=y%20b&a=z&a1=x&b=2');
  });
});
