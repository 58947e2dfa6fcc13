// Generated from openapi/jumio-kyx.yaml by `cargo xtask gen-node`; do not edit.
/**
 * Request and response bodies of the KYX API (keys as the API spells them).
 *
 * Enums are unions of the documented values. Where the server sends them they are
 * `OpenEnum`s: a value the spec does not know yet arrives as it was sent.
 *
 * @packageDocumentation
 */

/** The documented values of an enum, or any other string the server may send later. */
export type OpenEnum<T extends string> = T | (string & {});

/** INITIATED (created, nothing captured), ACQUIRED (finalized, processing), PROCESSED (results available), SESSION_EXPIRED (the user went idle for 15 minutes after starting), TOKEN_EXPIRED (nothing finished within tokenLifetime). Callbacks carry only the last three. */
export type WorkflowStatus = 'INITIATED' | 'ACQUIRED' | 'PROCESSED' | 'SESSION_EXPIRED' | 'TOKEN_EXPIRED';

/** Kind of credential. DATA holds prepared data. */
export type CredentialCategory = 'ID' | 'SELFIE' | 'FACEMAP' | 'DOCUMENT' | 'DATA';

/** Acquisition channel. */
export type Channel = 'WEB' | 'API' | 'SDK';

/** DEFINED (the user cannot change it; the default) or RECOMMENDED (preselected, changeable). */
export type PredefinedType = 'DEFINED' | 'RECOMMENDED';

/** Document types for an ID credential (ID_CARD, DRIVING_LICENSE, PASSPORT, VISA) or facemap types for a FACEMAP credential (IPROOV_STANDARD, IPROOV_PREMIUM, JUMIO_STANDARD). */
export type AcquisitionType = 'ID_CARD' | 'DRIVING_LICENSE' | 'PASSPORT' | 'VISA' | 'IPROOV_STANDARD' | 'IPROOV_PREMIUM' | 'JUMIO_STANDARD';

/** Image parts uploaded as multipart: FRONT and BACK of an ID credential, FACE of a SELFIE credential, FACEMAP (binary) for workflow 16. */
export type UploadClassifier = 'FRONT' | 'BACK' | 'FACE' | 'FACEMAP';

/** Classifier of an acquired part. LIVENESS_1…6 come from the web and SDK channels (in no particular order); FRONT_WITH_FLASH is newer (documented by Jumio); SELFIE appears in one doc example where FACE is meant (DECISIONS.md §15.22). */
export type PartClassifier = 'FRONT' | 'BACK' | 'FACE' | 'FACEMAP' | 'PREPARED_DATA' | 'LIVENESS_1' | 'LIVENESS_2' | 'LIVENESS_3' | 'LIVENESS_4' | 'LIVENESS_5' | 'LIVENESS_6' | 'FRONT_WITH_FLASH' | 'SELFIE';

/** Outcome of a capability, a step or the whole workflow. */
export type DecisionType = 'PASSED' | 'REJECTED' | 'WARNING' | 'NOT_EXECUTED';

/** Label of the overall decision and of steps. It usually equals the type; OK with PASSED (seen in real responses), TOKEN_EXPIRED and TECHNICAL_ERROR with NOT_EXECUTED (documented by Jumio) are seen too. */
export type DecisionLabel = 'PASSED' | 'REJECTED' | 'WARNING' | 'NOT_EXECUTED' | 'TECHNICAL_ERROR' | 'OK' | 'TOKEN_EXPIRED' | 'SESSION_EXPIRED';

/** Name of a workflow step. */
export type StepName = 'ID_IV' | 'SCREENING' | 'ADDRESS_VERIFICATION' | 'DL_VERIFICATION' | 'BRA_CPF_VALIDATION';

/** Health of the platform or of one component. */
export type HealthStatus = 'UP' | 'DEGRADED' | 'DOWN';

/** Status of a watchlist search. Documented as DONE, NOT_DONE or ERROR; every real and example response says SUCCESS (DECISIONS.md §15.19). */
export type SearchStatus = 'DONE' | 'NOT_DONE' | 'ERROR' | 'SUCCESS';

/** Status of the 1:n face search of imageChecks. */
export type FaceSearchStatus = 'DONE' | 'PENDING' | 'ERROR';

/** Liveness or authentication technology. */
export type BiometricType = 'IPROOV_STANDARD' | 'IPROOV_PREMIUM' | 'JUMIO_STANDARD';

/** Whether the selfie matches the ID photo. */
export type SimilarityResult = 'MATCH' | 'NOT_MATCH' | 'NOT_POSSIBLE';

/** Type of the extracted document. */
export type DocumentType = 'PASSPORT' | 'DRIVING_LICENSE' | 'ID_CARD' | 'VISA' | 'UNSUPPORTED';

/** Sub-type of the extracted document (UNKOWN is Jumio's spelling). */
export type DocumentSubType = 'NATIONAL_ID' | 'CONSULAR_ID' | 'ELECTORAL_ID' | 'RESIDENT_PERMIT_ID' | 'TAX_ID' | 'STUDENT_ID' | 'PASSPORT_CARD_ID' | 'MILITARY_ID' | 'PUBLIC_SAFETY_ID' | 'HEALTH_ID' | 'OTHER_ID' | 'VISA' | 'UNKOWN' | 'REGULAR_DRIVING_LICENSE' | 'LEARNING_DRIVING_LICENSE' | 'E_PASSPORT';

/** Gender printed on the document (X added 2022-06). */
export type Gender = 'M' | 'F' | 'X';

/** Type of the ID document described in prepared data. */
export type PreparedIdType = 'PASSPORT' | 'DRIVING_LICENSE' | 'ID_CARD';

/** Whether the end user's consent was obtained. */
export type ConsentObtained = 'yes' | 'no' | 'na';

/** A yes/no flag of extracted data. */
export type YesNo = 'YES' | 'NO';

/** The OAuth2 grant; only client credentials. */
export type GrantType = 'client_credentials';

/** Token type of an OAuth2 access token. */
export type TokenType = 'Bearer';

/** Labels of the usability capability. */
export type UsabilityLabel = 'OK' | 'BAD_QUALITY' | 'BLURRED' | 'BAD_QUALITY_IMAGE' | 'PART_OF_DOCUMENT_MISSING' | 'PART_OF_DOCUMENT_HIDDEN' | 'DAMAGED_DOCUMENT' | 'GLARE' | 'MISSING_MANDATORY_DATAPOINTS' | 'BLACK_WHITE' | 'MISSING_PAGE' | 'MISSING_SIGNATURE' | 'NOT_A_DOCUMENT' | 'PHOTOCOPY' | 'LIVENESS_UNDETERMINED' | 'UNSUPPORTED_COUNTRY' | 'UNSUPPORTED_DOCUMENT_TYPE' | 'TECHNICAL_ERROR' | 'NOT_UPLOADED';

/** Labels of the imageChecks capability. */
export type ImageChecksLabel = 'OK' | 'DIGITAL_COPY' | 'WATERMARK' | 'MANIPULATED_DOCUMENT' | 'MANIPULATED_DOCUMENT_PHOTO' | 'MANIPULATED_DOCUMENT_EXPIRY' | 'MANIPULATED_DOCUMENT_NAME' | 'MANIPULATED_DOCUMENT_ADDRESS' | 'MANIPULATED_DOCUMENT_SECURITY_CHECKS' | 'MANIPULATED_DOCUMENT_SIGNATURE' | 'MANIPULATED_DOCUMENT_PERSONAL_NUMBER' | 'MANIPULATED_DOCUMENT_PLACE_OF_BIRTH' | 'MANIPULATED_DOCUMENT_GENDER' | 'MANIPULATED_DOCUMENT_ISSUING_DATE' | 'OTHER_REJECTION' | 'GHOST_IMAGE_DIFFERENT' | 'PUNCHED' | 'SAMPLE' | 'FAKE' | 'CHIP_MISSING' | 'DIGITAL_MANIPULATION' | 'MISMATCH_FRONT_BACK' | 'DIFFERENT_PERSON' | 'REPEATED_FACE' | 'PRECONDITION_NOT_FULFILLED' | 'TECHNICAL_ERROR';

/** Labels of the extraction capability. */
export type ExtractionLabel = 'OK' | 'PRECONDITION_NOT_FULFILLED' | 'TECHNICAL_ERROR';

/** Labels of the dataChecks capability. */
export type DataChecksLabel = 'OK' | 'NFC_CERTIFICATE' | 'MISMATCHING_DATAPOINTS' | 'MRZ_CHECKSUM' | 'MISMATCHING_DATA_REPEATED_FACE' | 'MISMATCH_FRONT_BACK' | 'SUPERIMPOSED_TEXT' | 'MISMATCH_HRZ_MRZ_DATA' | 'PRECONDITION_NOT_FULFILLED' | 'TECHNICAL_ERROR';

/** Labels of the liveness capability. */
export type LivenessLabel = 'OK' | 'LIVENESS_UNDETERMINED' | 'ID_USED_AS_SELFIE' | 'MULTIPLE_PEOPLE' | 'DIGITAL_COPY' | 'PHOTOCOPY' | 'MANIPULATED' | 'NO_FACE_PRESENT' | 'FACE_NOT_FULLY_VISIBLE' | 'BLACK_WHITE' | 'AGE_DIFFERENCE' | 'BAD_QUALITY' | 'PRECONDITION_NOT_FULFILLED' | 'TECHNICAL_ERROR';

/** Labels of the similarity capability. */
export type SimilarityLabel = 'MATCH' | 'NO_MATCH' | 'NOT_POSSIBLE' | 'PRECONDITION_NOT_FULFILLED' | 'TECHNICAL_ERROR';

/** Labels of the authentication capability. */
export type AuthenticationLabel = 'OK' | 'FAILED' | 'PRECONDITION_NOT_FULFILLED' | 'TECHNICAL_ERROR';

/** Labels of the watchlistScreening capability. */
export type WatchlistScreeningLabel = 'OK' | 'ALERT' | 'NOT_ENOUGH_DATA' | 'VALIDATION_FAILED' | 'INVALID_MERCHANT_SETTINGS' | 'TECHNICAL_ERROR' | 'EXTRACTION_NOT_DONE' | 'NO_VALID_ID_CREDENTIAL' | 'PRECONDITION_NOT_FULFILLED';

/** Labels of the addressValidation capability. */
export type AddressValidationLabel = 'OK' | 'DENY' | 'ALERT' | 'NOT_ENOUGH_DATA' | 'TECHNICAL_ERROR' | 'UNSUPPORTED_COUNTRY' | 'PRECONDITION_NOT_FULFILLED';

/** Labels of the proofOfResidency capability. */
export type ProofOfResidencyLabel = 'OK' | 'DENY' | 'ALERT' | 'NOT_ENOUGH_DATA' | 'TECHNICAL_ERROR' | 'UNSUPPORTED_COUNTRY' | 'PRECONDITION_NOT_FULFILLED';

/** Labels of the drivingLicenseVerification capability (the union of KYX's two sections for it; DECISIONS.md §15.18). */
export type DrivingLicenseVerificationLabel = 'OK' | 'DENY' | 'ALERT' | 'NOT_ENOUGH_DATA' | 'TECHNICAL_ERROR' | 'UNSUPPORTED_COUNTRY' | 'UNSUPPORTED_STATE' | 'VALIDATION_FAILED' | 'PRECONDITION_NOT_FULFILLED';

/** Labels of the braCpfValidation capability (Brazilian CPF, workflow 10005). */
export type BraCpfValidationLabel = 'OK' | 'DENY' | 'UNSUPPORTED_COUNTRY' | 'NOT_ENOUGH_DATA' | 'TECHNICAL_ERROR' | 'INVALID_MERCHANT_SETTINGS' | 'VALIDATION_FAILED' | 'PRECONDITION_NOT_FULFILLED';

/** Labels of the biometricVerification capability (Serpro, workflow 10006). Jumio documents no type for each label; the mapping below is this project's (DECISIONS.md §15.18). */
export type BiometricVerificationLabel = 'LOW_RISK' | 'MEDIUM_RISK' | 'HIGH_RISK' | 'TECHNICAL_ERROR' | 'PERMISSION_DENIED' | 'BAD_REQUEST' | 'PRECONDITION_NOT_FULFILLED';

/** The one error body, RFC 7807 style: `{"title": "Too Many Requests", "status": 429, "detail": "Request limit exceeded"}` (documented by Jumio). Jumio documents no other error schema, so every field is optional and anything else that arrives is kept. */
export interface Problem {
  /** Short summary of the problem type, e.g. `Bad Request`. */
  title?: string;
  /** The HTTP status code. */
  status?: number;
  /** What went wrong in this occurrence; names the field on validation errors. */
  detail?: string;
  /** A URI identifying the problem type, when sent. */
  type?: string;
  /** A URI identifying this occurrence, when sent. */
  instance?: string;
  /** Fields this version of the spec does not list; kept as sent. */
  [field: string]: unknown;
}

/** OAuth2 client-credentials grant. Client id and secret go in the Basic header, or here. */
export interface TokenRequest {
  grant_type: GrantType;
  /** The OAuth2 client id, when not sent as Basic credentials. */
  client_id?: string;
  /** Sensitive (secret): never log it. */
  client_secret?: string;
}

/** An OAuth2 access token. */
export interface TokenResponse {
  /** Sensitive (secret): never log it. */
  access_token: string;
  /** Lifetime in seconds (3600). */
  expires_in: number;
  token_type: OpenEnum<TokenType>;
  /** Fields this version of the spec does not list; kept as sent. */
  [field: string]: unknown;
}

/** Account creation or update, starting a workflow execution. */
export interface AccountRequest {
  /** Sensitive (personal-data): never log it. */
  customerInternalReference: string;
  workflowDefinition: WorkflowDefinition;
  /** Sensitive (personal-data): never log it. */
  userReference?: string;
  /** Free text for search and aggregation in the Portal. */
  reportingCriteria?: string;
  /** Where the callback goes for this transaction; overrides the Portal setting. */
  callbackUrl?: string;
  /** How long the transaction tokens (web, SDK, api.token) live: a number and a unit `s`, `m`, `h` or `d`, from `5m` to `60d`. Default `30m`. */
  tokenLifetime?: string;
  web?: WebSettings;
  userConsent?: UserConsent;
  overrideSettings?: Record<string, unknown>;
}

/** Which workflow to run, and optional customisation of its credentials. */
export interface WorkflowDefinition {
  key: number | string;
  /** Optional presets for the credentials the workflow acquires. */
  credentials?: Array<CredentialDefinition>;
  capabilities?: CapabilityOptions;
}

/** Presets for one credential: allowed countries and document types, or `id` to reuse a credential already on file (workflow 5). */
export interface CredentialDefinition {
  category: CredentialCategory;
  /** Id of an existing credential to link instead of acquiring a new one. */
  id?: string;
  /** A label for the credential (documented by Jumio). */
  label?: string;
  country?: CountryPreset;
  type?: TypePreset;
}

/** Countries the user may pick from (ISO 3166-1 alpha-3). */
export interface CountryPreset {
  predefinedType?: PredefinedType;
  values: Array<string>;
}

/** Document or facemap types the user may pick from. */
export interface TypePreset {
  predefinedType?: PredefinedType;
  values: Array<AcquisitionType>;
}

/** Request options per capability. KYX documents only watchlistScreening's. */
export interface CapabilityOptions {
  /** Options of the watchlist screening. */
  watchlistScreening?: CapabilityOptionsWatchlistScreening;
}

/** Settings of the web channel. */
export interface WebSettings {
  /** Where the browser goes after a successful journey. */
  successUrl?: string;
  /** Where the browser goes after a failed journey. */
  errorUrl?: string;
  /** Language of the web client: ISO 639-1 and an optional ISO 3166-1 alpha-2 region (ar, bg, cs, da, de, el, en (default), en-GB, es, es-MX, et, fi, fr, he, hr, hu, hy, id, it, ja, ka, km, ko, lt, ms, nl, no, pl, pt, pt-BR, ro, ru, sk, sv, th, tr, vi, zh-CN, zh-HK). */
  locale?: string;
}

/** End-user consent (documented by Jumio). V3 calls `userIp` and `userLocation` mandatory for consent, but "until further notice Jumio will not perform any treatment based on the consent parameters": no source says a request without them is refused, so neither is required here (DECISIONS.md). */
export interface UserConsent {
  /** Sensitive (personal-data): never log it. */
  userIp?: string;
  /** Where the user is. */
  userLocation?: UserConsentUserLocation;
  /** Mandatory when the user is in the USA. */
  consent?: UserConsentConsent;
}

/** The account, its new workflow execution, and how to acquire each credential. */
export interface AccountResponse {
  timestamp?: string;
  account: AccountRef;
  web?: WebAccess;
  sdk?: SdkAccess;
  workflowExecution: WorkflowExecutionAcquisition;
  /** Fields this version of the spec does not list; kept as sent. */
  [field: string]: unknown;
}

/** An account. */
export interface AccountRef {
  id: string;
  /** Fields this version of the spec does not list; kept as sent. */
  [field: string]: unknown;
}

/** Web channel access, when the workflow allows WEB. */
export interface WebAccess {
  /** Sensitive (secret): never log it. */
  href?: string;
  /** Echoed when set in the request or the Portal. */
  successUrl?: string;
  /** Echoed when set in the request or the Portal. */
  errorUrl?: string;
  /** Fields this version of the spec does not list; kept as sent. */
  [field: string]: unknown;
}

/** Mobile SDK access, when the workflow allows SDK. */
export interface SdkAccess {
  /** Sensitive (secret): never log it. */
  token?: string;
  /** Fields this version of the spec does not list; kept as sent. */
  [field: string]: unknown;
}

/** The new workflow execution and its credentials. */
export interface WorkflowExecutionAcquisition {
  id: string;
  credentials?: Array<CredentialAcquisition> | null;
  /** Fields this version of the spec does not list; kept as sent. */
  [field: string]: unknown;
}

/** A credential the workflow acquires, and its API access when API is allowed. */
export interface CredentialAcquisition {
  id: string;
  category: OpenEnum<CredentialCategory>;
  /** Label of the credential (documented by Jumio). */
  label?: string;
  /** Channels that may acquire it; empty for a reused credential. */
  allowedChannels?: Array<OpenEnum<Channel>> | null;
  api?: ApiAccess;
  country?: Record<string, unknown>;
  type?: Record<string, unknown>;
  /** Fields this version of the spec does not list; kept as sent. */
  [field: string]: unknown;
}

/** API-channel access to one credential. */
export interface ApiAccess {
  /** Sensitive (secret): never log it. */
  token?: string;
  parts?: ApiParts;
  workflowExecution?: string;
  /** Fields this version of the spec does not list; kept as sent. */
  [field: string]: unknown;
}

/** Upload URLs of the parts still to upload, keyed by lowercase classifier. An uploaded part leaves the map (`{}` once all are in) (seen in real responses). Doc URLs hold typos (a missing `/parts/`, `/account/` singular) that clients must not depend on. */
export interface ApiParts {
  front?: string;
  back?: string;
  face?: string;
  facemap?: string;
  prepared_data?: string;
  /** Fields this version of the spec does not list; kept as sent. */
  [field: string]: unknown;
}

/** A multipart form with the file in the field `file`. */
export interface PartUpload {
  file: Buffer;
}

/** The end user's data for a DATA credential. All fields are optional here; each workflow requires its own set (see `x-kyx-workflows`). */
export interface PreparedData {
  /** Sensitive (personal-data): never log it. */
  suffix?: string;
  /** Sensitive (personal-data): never log it. */
  firstName?: string;
  /** Sensitive (personal-data): never log it. */
  middleName?: string;
  /** Sensitive (personal-data): never log it. */
  lastName?: string;
  /** Sensitive (personal-data): never log it. */
  sex?: string;
  /** Sensitive (personal-data): never log it. */
  dateOfBirth?: string;
  /** Sensitive (personal-data): never log it. */
  socialSecurityNumber?: string;
  /** Sensitive (personal-data): never log it. */
  nationality?: string;
  /** Sensitive (personal-data): never log it. */
  email?: string;
  /** Sensitive (personal-data): never log it. */
  phoneNumber?: string;
  /** Sensitive (personal-data): never log it. */
  phoneNumber2?: string;
  /** Sensitive (personal-data): never log it. */
  personalNumber?: string;
  address?: PreparedAddress;
  id?: PreparedIdDocument;
}

/** Address of the end user. `country` is ISO 3166-1 alpha-3 (alpha-2 accepted by newer workflows). */
export interface PreparedAddress {
  /** Sensitive (personal-data): never log it. */
  line1?: string;
  /** Sensitive (personal-data): never log it. */
  line2?: string;
  /** Sensitive (personal-data): never log it. */
  line3?: string;
  /** Sensitive (personal-data): never log it. */
  line4?: string;
  /** Sensitive (personal-data): never log it. */
  line5?: string;
  /** Sensitive (personal-data): never log it. */
  postalCode?: string;
  /** Sensitive (personal-data): never log it. */
  city?: string;
  /** Sensitive (personal-data): never log it. */
  subdivision?: string;
  country?: string;
}

/** The end user's ID document. */
export interface PreparedIdDocument {
  /** Sensitive (personal-data): never log it. */
  issuingDate?: string;
  /** Sensitive (personal-data): never log it. */
  expiryDate?: string;
  /** Sensitive (personal-data): never log it. */
  idNumber?: string;
  type?: PreparedIdType;
}

/** Result of an upload: the upload URLs still open and the finalize URL. The doc examples sometimes omit or repeat parts; rely on the status code, not on this map. */
export interface PartUploadResponse {
  timestamp?: string;
  account?: AccountRef;
  workflowExecution?: WorkflowExecutionRef;
  api?: ApiAccess;
  /** Fields this version of the spec does not list; kept as sent. */
  [field: string]: unknown;
}

/** A workflow execution. */
export interface WorkflowExecutionRef {
  id: string;
  /** Documented but never shown. */
  credentials?: Array<CredentialAcquisition> | null;
  /** Fields this version of the spec does not list; kept as sent. */
  [field: string]: unknown;
}

/** The finalized workflow execution. */
export interface FinalizeResponse {
  timestamp?: string;
  account?: AccountRef;
  workflowExecution?: WorkflowExecutionRef;
  /** Fields this version of the spec does not list; kept as sent. */
  [field: string]: unknown;
}

/** The status of a workflow execution. */
export interface WorkflowStatusResponse {
  account: AccountLink;
  workflowExecution: WorkflowExecutionLink;
  /** Fields this version of the spec does not list; kept as sent. */
  [field: string]: unknown;
}

/** An account and its retrieval URL (`https://retrieval.{region}.jumio.ai/api/v1/accounts/{id}`). */
export interface AccountLink {
  id: string;
  href?: string;
  /** Fields this version of the spec does not list; kept as sent. */
  [field: string]: unknown;
}

/** A workflow execution, its URL and status. Real `href`s are `https://retrieval.{region}.jumio.ai/api/v1/workflow-executions/{id}`; one doc example uses `…/accounts/{a}/workflow-executions/{w}` (DECISIONS.md §15.10). */
export interface WorkflowExecutionLink {
  id: string;
  href?: string;
  definitionKey?: number | string;
  status: OpenEnum<WorkflowStatus>;
  /** Fields this version of the spec does not list; kept as sent. */
  [field: string]: unknown;
}

/** Everything about one workflow execution. Only the capabilities of the workflow appear in `capabilities`; `startedAt` is absent when the user never started. */
export interface WorkflowDetails {
  workflow: WorkflowSummary;
  account?: AccountRef;
  createdAt?: string;
  startedAt?: string;
  completedAt?: string;
  wipedOutAt?: string;
  decision?: OverallDecision;
  steps?: StepsLink;
  credentials?: Array<CredentialDetails> | null;
  capabilities?: Capabilities;
  /** Fields this version of the spec does not list; kept as sent. */
  [field: string]: unknown;
}

/** Identity and status of the workflow execution. */
export interface WorkflowSummary {
  id: string;
  status: OpenEnum<WorkflowStatus>;
  definitionKey?: number | string;
  /** Sensitive (personal-data): never log it. */
  userReference?: string;
  /** Sensitive (personal-data): never log it. */
  customerInternalReference?: string;
  /** Fields this version of the spec does not list; kept as sent. */
  [field: string]: unknown;
}

/** The decision of the workflow (or of a step): type, label and, for workflows, the risk score. `details.label` usually equals the type. */
export interface OverallDecision {
  type: OpenEnum<DecisionType>;
  /** The label of the decision. */
  details?: OverallDecisionDetails;
  /** The risk score. */
  risk?: OverallDecisionRisk;
  /** Fields this version of the spec does not list; kept as sent. */
  [field: string]: unknown;
}

/** URL of the workflow's steps (one doc example has `/accounts/accounts/`). */
export interface StepsLink {
  href?: string;
  /** Fields this version of the spec does not list; kept as sent. */
  [field: string]: unknown;
}

/** An acquired credential. `parts` is absent when nothing was uploaded. */
export interface CredentialDetails {
  id: string;
  category: OpenEnum<CredentialCategory>;
  /** The acquired parts, in no particular order. */
  parts?: Array<PartReference> | null;
  consent?: Record<string, unknown>;
  /** Sensitive (personal-data): never log it. */
  clientIp?: string;
  /** Fields this version of the spec does not list; kept as sent. */
  [field: string]: unknown;
}

/** A part and its download URL. A FACEMAP part has no `href` (seen in real responses; documented by Jumio). */
export interface PartReference {
  classifier: OpenEnum<PartClassifier>;
  href?: string;
  /** How the part was captured, e.g. `camera` (documented by Jumio). */
  captureType?: string;
  /** Capture client, e.g. `auto_capture` or `manual_capture` (documented by Jumio). */
  captureClient?: string;
  /** Fields this version of the spec does not list; kept as sent. */
  [field: string]: unknown;
}

/** Results by capability; each is an array (usability has one entry per credential). Only the workflow's capabilities appear. Execution order and dependencies (documented by Jumio): a capability whose predecessor was REJECTED or NOT_EXECUTED is NOT_EXECUTED with PRECONDITION_NOT_FULFILLED (see `x-capability-dependencies`). Capabilities this description does not know arrive through the generic `CapabilityResult` shape. */
export interface Capabilities {
  usability?: Array<UsabilityResult> | null;
  imageChecks?: Array<ImageChecksResult> | null;
  extraction?: Array<ExtractionResult> | null;
  dataChecks?: Array<DataChecksResult> | null;
  liveness?: Array<LivenessResult> | null;
  similarity?: Array<SimilarityCapabilityResult> | null;
  authentication?: Array<AuthenticationResult> | null;
  watchlistScreening?: Array<WatchlistScreeningResult> | null;
  addressValidation?: Array<AddressValidationResult> | null;
  proofOfResidency?: Array<ProofOfResidencyResult> | null;
  drivingLicenseVerification?: Array<DrivingLicenseVerificationResult> | null;
  braCpfValidation?: Array<BraCpfValidationResult> | null;
  biometricVerification?: Array<BiometricVerificationResult> | null;
  /** Fields this version of the spec does not list; kept as sent. */
  [field: string]: unknown;
}

/** A credential a capability used (documented as an object, always an array of these). */
export interface CapabilityCredential {
  id: string;
  category?: OpenEnum<CredentialCategory>;
  /** Fields this version of the spec does not list; kept as sent. */
  [field: string]: unknown;
}

/** Generic result of a capability this description does not model. */
export interface CapabilityResult {
  id: string;
  credentials?: Array<CapabilityCredential> | null;
  decision?: CapabilityDecision;
  data?: Record<string, unknown>;
  /** Fields this version of the spec does not list; kept as sent. */
  [field: string]: unknown;
}

/** Decision of a capability this description does not model. */
export interface CapabilityDecision {
  type: OpenEnum<DecisionType>;
  /** The label. */
  details?: CapabilityDecisionDetails;
  /** Fields this version of the spec does not list; kept as sent. */
  [field: string]: unknown;
}

/** Whether a credential's images are usable (one entry per credential). */
export interface UsabilityResult {
  id: string;
  credentials?: Array<CapabilityCredential> | null;
  decision?: UsabilityDecision;
  data?: Record<string, unknown>;
  /** Fields this version of the spec does not list; kept as sent. */
  [field: string]: unknown;
}

/** Decision of usability. */
export interface UsabilityDecision {
  type: OpenEnum<DecisionType>;
  /** The label. */
  details?: UsabilityDecisionDetails;
  /** Fields this version of the spec does not list; kept as sent. */
  [field: string]: unknown;
}

/** Authenticity checks of the document images, with the 1:n face search. */
export interface ImageChecksResult {
  id: string;
  credentials?: Array<CapabilityCredential> | null;
  decision?: ImageChecksDecision;
  data?: ImageChecksData;
  /** Fields this version of the spec does not list; kept as sent. */
  [field: string]: unknown;
}

/** Decision of imageChecks. */
export interface ImageChecksDecision {
  type: OpenEnum<DecisionType>;
  /** The label. */
  details?: ImageChecksDecisionDetails;
  /** Fields this version of the spec does not list; kept as sent. */
  [field: string]: unknown;
}

/** Data of imageChecks. */
export interface ImageChecksData {
  /** 1:n face search over earlier workflows. */
  faceSearchFindings?: ImageChecksDataFaceSearchFindings;
  /** Fields this version of the spec does not list; kept as sent. */
  [field: string]: unknown;
}

/** Data extracted from the ID document. */
export interface ExtractionResult {
  id: string;
  credentials?: Array<CapabilityCredential> | null;
  decision?: ExtractionDecision;
  data?: ExtractionData;
  /** Fields this version of the spec does not list; kept as sent. */
  [field: string]: unknown;
}

/** Decision of extraction. */
export interface ExtractionDecision {
  type: OpenEnum<DecisionType>;
  /** The label. */
  details?: ExtractionDecisionDetails;
  /** Fields this version of the spec does not list; kept as sent. */
  [field: string]: unknown;
}

/** Extracted document data (documented by Jumio). Nearly everything is personal data. Country-specific and activation-gated fields appear only when enabled; `N/A` marks a field the document lacks (seen in real responses). */
export interface ExtractionData {
  type?: OpenEnum<DocumentType>;
  subType?: OpenEnum<DocumentSubType>;
  /** ISO 3166-1 alpha-3. */
  issuingCountry?: string;
  /** Sensitive (personal-data): never log it. */
  firstName?: string;
  /** Sensitive (personal-data): never log it. */
  lastName?: string;
  /** Sensitive (personal-data): never log it. */
  dateOfBirth?: string;
  /** Sensitive (personal-data): never log it. */
  expiryDate?: string;
  /** Sensitive (personal-data): never log it. */
  issuingDate?: string;
  /** Sensitive (personal-data): never log it. */
  documentNumber?: string;
  /** Sensitive (personal-data): never log it. */
  state?: string;
  /** Sensitive (personal-data): never log it. */
  personalNumber?: string;
  /** Sensitive (personal-data): never log it. */
  optionalMrzField1?: string;
  /** Sensitive (personal-data): never log it. */
  optionalMrzField2?: string;
  address?: ExtractedAddress;
  /** Sensitive (personal-data): never log it. */
  issuingAuthority?: string;
  /** Sensitive (personal-data): never log it. */
  issuingPlace?: string;
  /** Sensitive (personal-data): never log it. */
  curp?: string;
  /** Sensitive (personal-data): never log it. */
  nationality?: string;
  /** Sensitive (personal-data): never log it. */
  placeOfBirth?: string;
  /** Sensitive (personal-data): never log it. */
  taxNumber?: string;
  /** Sensitive (personal-data): never log it. */
  cpf?: string;
  /** Sensitive (personal-data): never log it. */
  registrationNumber?: string;
  /** Sensitive (personal-data): never log it. */
  mothersName?: string;
  /** Sensitive (personal-data): never log it. */
  fathersName?: string;
  /** Sensitive (personal-data): never log it. */
  personalIdentificationNumber?: string;
  /** Sensitive (personal-data): never log it. */
  rgNumber?: string;
  /** Sensitive (personal-data): never log it. */
  voterIdNumber?: string;
  /** Sensitive (personal-data): never log it. */
  issuingNumber?: string;
  /** Sensitive (personal-data): never log it. */
  passportNumber?: string;
  /** Sensitive (personal-data): never log it. */
  durationOfStay?: string;
  /** Sensitive (personal-data): never log it. */
  numberOfEntries?: string;
  /** Sensitive (personal-data): never log it. */
  visaCategory?: string;
  /** Sensitive (personal-data): never log it. */
  dni?: string;
  /** Sensitive (personal-data): never log it. */
  pesel?: string;
  gender?: OpenEnum<Gender>;
  /** Driving licence categories. */
  dlCategories?: Array<string> | null;
  expiryDateParts?: DateParts;
  dateOfBirthParts?: DateParts;
  issuingDateParts?: DateParts;
  /** Sensitive (personal-data): never log it. */
  laborIdentificationNumber?: string;
  /** Sensitive (personal-data): never log it. */
  documentCopy?: string;
  /** Sensitive (personal-data): never log it. */
  residentPermitType?: string;
  /** Sensitive (personal-data): never log it. */
  residentPermitRemarks?: string;
  /** Sensitive (personal-data): never log it. */
  documentIdentificationNumber?: string;
  /** Sensitive (personal-data): never log it. */
  citizenship?: string;
  /** Sensitive (personal-data): never log it. */
  maritalStatus?: string;
  /** Sensitive (personal-data): never log it. */
  religion?: string;
  /** Sensitive (personal-data): never log it. */
  currentAge?: number | string;
  /** Sensitive (personal-data): never log it. */
  lastNameAtBirth?: string;
  /** Sensitive (personal-data): never log it. */
  remarks?: string;
  disability?: OpenEnum<YesNo>;
  /** Fields this version of the spec does not list; kept as sent. */
  [field: string]: unknown;
}

/** A date split into parts (strings); a part the document lacks is omitted. */
export interface DateParts {
  /** Sensitive (personal-data): never log it. */
  year?: string;
  /** Sensitive (personal-data): never log it. */
  month?: string;
  /** Sensitive (personal-data): never log it. */
  day?: string;
  /** Fields this version of the spec does not list; kept as sent. */
  [field: string]: unknown;
}

/** Address printed on the document. */
export interface ExtractedAddress {
  /** Sensitive (personal-data): never log it. */
  line1?: string;
  /** Sensitive (personal-data): never log it. */
  line2?: string;
  /** Sensitive (personal-data): never log it. */
  line3?: string;
  /** Sensitive (personal-data): never log it. */
  line4?: string;
  /** Sensitive (personal-data): never log it. */
  line5?: string;
  /** ISO 3166-1 alpha-3. */
  country?: string;
  /** Sensitive (personal-data): never log it. */
  postalCode?: string;
  /** Sensitive (personal-data): never log it. */
  subdivision?: string;
  /** Sensitive (personal-data): never log it. */
  city?: string;
  /** Sensitive (personal-data): never log it. */
  formattedAddress?: string;
  /** Fields this version of the spec does not list; kept as sent. */
  [field: string]: unknown;
}

/** Consistency checks of the extracted data (MRZ checksums, front/back match, NFC). */
export interface DataChecksResult {
  id: string;
  credentials?: Array<CapabilityCredential> | null;
  decision?: DataChecksDecision;
  data?: Record<string, unknown>;
  /** Fields this version of the spec does not list; kept as sent. */
  [field: string]: unknown;
}

/** Decision of dataChecks. */
export interface DataChecksDecision {
  type: OpenEnum<DecisionType>;
  /** The label. */
  details?: DataChecksDecisionDetails;
  /** Fields this version of the spec does not list; kept as sent. */
  [field: string]: unknown;
}

/** Whether a live person took the selfie. */
export interface LivenessResult {
  id: string;
  credentials?: Array<CapabilityCredential> | null;
  decision?: LivenessDecision;
  data?: LivenessData;
  validFaceMapForAuthentication?: string;
  /** Fields this version of the spec does not list; kept as sent. */
  [field: string]: unknown;
}

/** Decision of liveness. */
export interface LivenessDecision {
  type: OpenEnum<DecisionType>;
  /** The label. */
  details?: LivenessDecisionDetails;
  /** Fields this version of the spec does not list; kept as sent. */
  [field: string]: unknown;
}

/** Data of liveness. */
export interface LivenessData {
  type?: OpenEnum<BiometricType>;
  /** Age predicted from the selfie [V3]. */
  predictedAge?: number;
  /** Confidence range of the predicted age, e.g. `21-41` [V3]. */
  ageConfidenceRange?: string;
  /** Fields this version of the spec does not list; kept as sent. */
  [field: string]: unknown;
}

/** Whether the selfie shows the person on the ID. */
export interface SimilarityCapabilityResult {
  id: string;
  credentials?: Array<CapabilityCredential> | null;
  decision?: SimilarityDecision;
  data?: SimilarityData;
  /** Fields this version of the spec does not list; kept as sent. */
  [field: string]: unknown;
}

/** Decision of similarity. */
export interface SimilarityDecision {
  type: OpenEnum<DecisionType>;
  /** The label. */
  details?: SimilarityDecisionDetails;
  /** Fields this version of the spec does not list; kept as sent. */
  [field: string]: unknown;
}

/** Data of similarity. */
export interface SimilarityData {
  similarity?: OpenEnum<SimilarityResult>;
  /** Fields this version of the spec does not list; kept as sent. */
  [field: string]: unknown;
}

/** Whether the new facemap matches the facemap on file. */
export interface AuthenticationResult {
  id: string;
  credentials?: Array<CapabilityCredential> | null;
  decision?: AuthenticationDecision;
  data?: AuthenticationData;
  validFaceMapForAuthentication?: string;
  /** Fields this version of the spec does not list; kept as sent. */
  [field: string]: unknown;
}

/** Decision of authentication. */
export interface AuthenticationDecision {
  type: OpenEnum<DecisionType>;
  /** The label. */
  details?: AuthenticationDecisionDetails;
  /** Fields this version of the spec does not list; kept as sent. */
  [field: string]: unknown;
}

/** Data of authentication. */
export interface AuthenticationData {
  type?: OpenEnum<BiometricType>;
  /** Fields this version of the spec does not list; kept as sent. */
  [field: string]: unknown;
}

/** Sanctions and PEP screening (ComplyAdvantage). */
export interface WatchlistScreeningResult {
  id: string;
  credentials?: Array<CapabilityCredential> | null;
  decision?: WatchlistScreeningDecision;
  data?: WatchlistScreeningData;
  /** Fields this version of the spec does not list; kept as sent. */
  [field: string]: unknown;
}

/** Decision of watchlistScreening. */
export interface WatchlistScreeningDecision {
  type: OpenEnum<DecisionType>;
  /** The label. */
  details?: WatchlistScreeningDecisionDetails;
  /** Fields this version of the spec does not list; kept as sent. */
  [field: string]: unknown;
}

/** Data of the watchlist search. */
export interface WatchlistScreeningData {
  searchDate?: string;
  searchStatus?: OpenEnum<SearchStatus>;
  /** Id of the search at the screening provider. */
  searchId?: string;
  /** Reference of the search at the screening provider. */
  searchReference?: string;
  /** URL of the search result at the screening provider. */
  searchResultUrl?: string;
  /** Number of hits. */
  searchResults?: number;
  /** Fields this version of the spec does not list; kept as sent. */
  [field: string]: unknown;
}

/** Whether the address exists. */
export interface AddressValidationResult {
  id: string;
  credentials?: Array<CapabilityCredential> | null;
  decision?: AddressValidationDecision;
  data?: Record<string, unknown>;
  /** Fields this version of the spec does not list; kept as sent. */
  [field: string]: unknown;
}

/** Decision of addressValidation. */
export interface AddressValidationDecision {
  type: OpenEnum<DecisionType>;
  /** The label. */
  details?: AddressValidationDecisionDetails;
  /** Fields this version of the spec does not list; kept as sent. */
  [field: string]: unknown;
}

/** Whether the user lives at the address. */
export interface ProofOfResidencyResult {
  id: string;
  credentials?: Array<CapabilityCredential> | null;
  decision?: ProofOfResidencyDecision;
  data?: Record<string, unknown>;
  /** Fields this version of the spec does not list; kept as sent. */
  [field: string]: unknown;
}

/** Decision of proofOfResidency. */
export interface ProofOfResidencyDecision {
  type: OpenEnum<DecisionType>;
  /** The label. */
  details?: ProofOfResidencyDecisionDetails;
  /** Fields this version of the spec does not list; kept as sent. */
  [field: string]: unknown;
}

/** US driving licence verification against AAMVA. */
export interface DrivingLicenseVerificationResult {
  id: string;
  credentials?: Array<CapabilityCredential> | null;
  decision?: DrivingLicenseVerificationDecision;
  data?: Record<string, unknown>;
  /** Fields this version of the spec does not list; kept as sent. */
  [field: string]: unknown;
}

/** Decision of drivingLicenseVerification. */
export interface DrivingLicenseVerificationDecision {
  type: OpenEnum<DecisionType>;
  /** The label. */
  details?: DrivingLicenseVerificationDecisionDetails;
  /** Fields this version of the spec does not list; kept as sent. */
  [field: string]: unknown;
}

/** Validation of a Brazilian CPF against the national database. */
export interface BraCpfValidationResult {
  id: string;
  credentials?: Array<CapabilityCredential> | null;
  decision?: BraCpfValidationDecision;
  data?: Record<string, unknown>;
  /** Fields this version of the spec does not list; kept as sent. */
  [field: string]: unknown;
}

/** Decision of braCpfValidation. */
export interface BraCpfValidationDecision {
  type: OpenEnum<DecisionType>;
  /** The label. */
  details?: BraCpfValidationDecisionDetails;
  /** Fields this version of the spec does not list; kept as sent. */
  [field: string]: unknown;
}

/** Serpro biometric check of the selfie against the CPF holder (Brazil). */
export interface BiometricVerificationResult {
  id: string;
  credentials?: Array<CapabilityCredential> | null;
  decision?: BiometricVerificationDecision;
  data?: Record<string, unknown>;
  /** Fields this version of the spec does not list; kept as sent. */
  [field: string]: unknown;
}

/** Decision of biometricVerification. */
export interface BiometricVerificationDecision {
  type: OpenEnum<DecisionType>;
  /** The label. */
  details?: BiometricVerificationDecisionDetails;
  /** Fields this version of the spec does not list; kept as sent. */
  [field: string]: unknown;
}

/** An account, as `GET account.href` answers (inferred: every field optional, anything else kept). */
export interface AccountDetails {
  account?: AccountLink;
  /** The account's workflow executions (sandbox; undocumented). */
  workflowExecutions?: Array<WorkflowExecutionLink> | null;
  /** Fields this version of the spec does not list; kept as sent. */
  [field: string]: unknown;
}

/** The rules evaluated for a workflow execution (inferred; tolerant). */
export interface WorkflowRules {
  workflowExecution?: WorkflowExecutionLink;
  rules?: Array<RuleResult> | null;
  /** Fields this version of the spec does not list; kept as sent. */
  [field: string]: unknown;
}

/** One evaluated rule (inferred; tolerant). */
export interface RuleResult {
  name?: string;
  decision?: OpenEnum<DecisionType>;
  description?: string;
  /** Fields this version of the spec does not list; kept as sent. */
  [field: string]: unknown;
}

/** The steps of a workflow execution. */
export interface StepsResponse {
  steps: Array<Step>;
  /** Fields this version of the spec does not list; kept as sent. */
  [field: string]: unknown;
}

/** One step, a group of capabilities with its own decision. */
export interface Step {
  id: string;
  name: OpenEnum<StepName>;
  capabilityIds?: Array<string> | null;
  decision?: OverallDecision;
  /** Fields this version of the spec does not list; kept as sent. */
  [field: string]: unknown;
}

/** Platform health. `details` lists only the affected components and is absent when UP. */
export interface HealthResponse {
  status: OpenEnum<HealthStatus>;
  /** Health per affected component. */
  details?: HealthResponseDetails;
  /** Fields this version of the spec does not list; kept as sent. */
  [field: string]: unknown;
}

/** Netverify scan references to migrate (each becomes a workflow execution). */
export interface MigrationRequest {
  /** Netverify scan references, all of the same end user. */
  scanReferences: Array<string>;
  /** Receives one callback per migrated scan reference; overrides the Portal setting. */
  callbackUrl?: string;
}

/** The account holding the migrated scans. */
export interface MigrationResponse {
  account: AccountRef;
  /** Fields this version of the spec does not list; kept as sent. */
  [field: string]: unknown;
}

/** What Jumio POSTs to the callback URL when a workflow execution ends (or a scan was migrated). No personal data; `userReference` only when it was set. */
export interface CallbackPayload {
  callbackSentAt?: string;
  /** Sensitive (personal-data): never log it. */
  userReference?: string;
  workflowExecution: WorkflowExecutionLink;
  account: AccountLink;
  /** Fields this version of the spec does not list; kept as sent. */
  [field: string]: unknown;
}

/** Health per affected component. */
export interface HealthResponseDetails {
  api?: OpenEnum<HealthStatus>;
  callback?: OpenEnum<HealthStatus>;
  mobile?: OpenEnum<HealthStatus>;
  processing?: OpenEnum<HealthStatus>;
  retrieval?: OpenEnum<HealthStatus>;
  web?: OpenEnum<HealthStatus>;
  /** Fields this version of the spec does not list; kept as sent. */
  [field: string]: unknown;
}

/** The label. */
export interface BiometricVerificationDecisionDetails {
  label?: OpenEnum<BiometricVerificationLabel>;
  /** Fields this version of the spec does not list; kept as sent. */
  [field: string]: unknown;
}

/** The label. */
export interface BraCpfValidationDecisionDetails {
  label?: OpenEnum<BraCpfValidationLabel>;
  /** Fields this version of the spec does not list; kept as sent. */
  [field: string]: unknown;
}

/** The label. */
export interface DrivingLicenseVerificationDecisionDetails {
  label?: OpenEnum<DrivingLicenseVerificationLabel>;
  /** Fields this version of the spec does not list; kept as sent. */
  [field: string]: unknown;
}

/** The label. */
export interface ProofOfResidencyDecisionDetails {
  label?: OpenEnum<ProofOfResidencyLabel>;
  /** Fields this version of the spec does not list; kept as sent. */
  [field: string]: unknown;
}

/** The label. */
export interface AddressValidationDecisionDetails {
  label?: OpenEnum<AddressValidationLabel>;
  /** Fields this version of the spec does not list; kept as sent. */
  [field: string]: unknown;
}

/** The label. */
export interface WatchlistScreeningDecisionDetails {
  label?: OpenEnum<WatchlistScreeningLabel>;
  /** Fields this version of the spec does not list; kept as sent. */
  [field: string]: unknown;
}

/** The label. */
export interface AuthenticationDecisionDetails {
  label?: OpenEnum<AuthenticationLabel>;
  /** Fields this version of the spec does not list; kept as sent. */
  [field: string]: unknown;
}

/** The label. */
export interface SimilarityDecisionDetails {
  label?: OpenEnum<SimilarityLabel>;
  /** Fields this version of the spec does not list; kept as sent. */
  [field: string]: unknown;
}

/** The label. */
export interface LivenessDecisionDetails {
  label?: OpenEnum<LivenessLabel>;
  /** Fields this version of the spec does not list; kept as sent. */
  [field: string]: unknown;
}

/** The label. */
export interface DataChecksDecisionDetails {
  label?: OpenEnum<DataChecksLabel>;
  /** Fields this version of the spec does not list; kept as sent. */
  [field: string]: unknown;
}

/** The label. */
export interface ExtractionDecisionDetails {
  label?: OpenEnum<ExtractionLabel>;
  /** Fields this version of the spec does not list; kept as sent. */
  [field: string]: unknown;
}

/** 1:n face search over earlier workflows. */
export interface ImageChecksDataFaceSearchFindings {
  status?: OpenEnum<FaceSearchStatus>;
  /** Ids of workflow executions with the same face. */
  findings?: Array<string> | null;
  /** Fields this version of the spec does not list; kept as sent. */
  [field: string]: unknown;
}

/** The label. */
export interface ImageChecksDecisionDetails {
  label?: OpenEnum<ImageChecksLabel>;
  /** Fields this version of the spec does not list; kept as sent. */
  [field: string]: unknown;
}

/** The label. */
export interface UsabilityDecisionDetails {
  label?: OpenEnum<UsabilityLabel>;
  /** Fields this version of the spec does not list; kept as sent. */
  [field: string]: unknown;
}

/** The label. */
export interface CapabilityDecisionDetails {
  label?: string;
  /** Fields this version of the spec does not list; kept as sent. */
  [field: string]: unknown;
}

/** The risk score. */
export interface OverallDecisionRisk {
  score?: number;
  /** Fields this version of the spec does not list; kept as sent. */
  [field: string]: unknown;
}

/** The label of the decision. */
export interface OverallDecisionDetails {
  label?: OpenEnum<DecisionLabel>;
  /** Fields this version of the spec does not list; kept as sent. */
  [field: string]: unknown;
}

/** Mandatory when the user is in the USA. */
export interface UserConsentConsent {
  obtained: ConsentObtained;
  obtainedAt?: string;
}

/** Where the user is. */
export interface UserConsentUserLocation {
  /** ISO 3166-1 alpha-3. */
  country: string;
  /** Subdivision; for USA, CAN and AUS the alpha-2 code (IL, NSW). */
  state?: string;
}

/** Options of the watchlist screening. */
export interface CapabilityOptionsWatchlistScreening {
  /** Request options for watchlistScreening (a property literally named `additionalProperties`). */
  additionalProperties?: string;
}

/** A downloaded part: its content type and length, and its bytes unless it was saved to a file. */
export interface DownloadedPart {
  contentType: string | null;
  length: number;
  content?: Buffer;
}

/**
 * The documented workflow definition keys, by name.
 *
 * @example
 * ```ts
 * import { Workflows } from 'jumio-kyx';
 *
 * await client.createAccount({ customerInternalReference: 'order-42', workflowDefinition: { key: Workflows.STANDALONE_ID_AND_IDENTITY_VERIFICATION } });
 * ```
 */
export const Workflows = {
  /** 1: ID Capture and Storage */
  ID_CAPTURE_AND_STORAGE: 1,
  /** 2: ID Verification */
  ID_VERIFICATION: 2,
  /** 3: ID and Identity Verification */
  ID_AND_IDENTITY_VERIFICATION: 3,
  /** 5: Similarity to existing ID */
  SIMILARITY_TO_EXISTING_ID: 5,
  /** 6: Standalone Liveness */
  STANDALONE_LIVENESS: 6,
  /** 9: Authentication */
  AUTHENTICATION: 9,
  /** 16: Authentication on Premise */
  AUTHENTICATION_ON_PREMISE: 16,
  /** 20: Similarity of Two Images */
  SIMILARITY_OF_TWO_IMAGES: 20,
  /** 32: ID Verification, Identity Verification, Screening */
  ID_IDENTITY_VERIFICATION_SCREENING: 32,
  /** 10005: Standalone CPF Validation (Brazil) */
  STANDALONE_CPF_VALIDATION: 10005,
  /** 10006: Standalone Serpro Biometric (Brazil) */
  STANDALONE_SERPRO_BIOMETRIC: 10006,
  /** 10008: Standalone DL Verification (AAMVA, USA) */
  STANDALONE_DL_VERIFICATION: 10008,
  /** 10010: Standalone Watchlist Screening (ComplyAdvantage) */
  STANDALONE_WATCHLIST_SCREENING: 10010,
  /** 10011: Standalone ID and Identity Verification */
  STANDALONE_ID_AND_IDENTITY_VERIFICATION: 10011,
  /** 10013: ID and Identity Verification + Screening + Proof of Residency + Address Validation + US DL Verification */
  ID_IDENTITY_SCREENING_RESIDENCY_ADDRESS_DL: 10013,
  /** 10014: Standalone Authentication */
  STANDALONE_AUTHENTICATION: 10014,
} as const;
