# Generated from openapi/jumio-kyx.yaml by `cargo xtask gen-python`; do not edit.
"""Request and response bodies of the KYX API, as `TypedDict`s (keys as the API spells them).

Enums are listed as `Literal`s; the server may send values the list does not have yet.
"""

from __future__ import annotations

import sys
from typing import Any, Dict, List, Literal, Optional, Union

if sys.version_info >= (3, 11):
    from typing import Required, TypedDict
else:
    from typing_extensions import Required, TypedDict

WorkflowStatus = Literal["INITIATED", "ACQUIRED", "PROCESSED", "SESSION_EXPIRED", "TOKEN_EXPIRED"]
"""INITIATED (created, nothing captured), ACQUIRED (finalized, processing), PROCESSED (results available), SESSION_EXPIRED (the user went idle for 15 minutes after starting), TOKEN_EXPIRED (nothing finished within tokenLifetime). Callbacks carry only the last three."""

CredentialCategory = Literal["ID", "SELFIE", "FACEMAP", "DOCUMENT", "DATA"]
"""Kind of credential. DATA holds prepared data."""

Channel = Literal["WEB", "API", "SDK"]
"""Acquisition channel."""

PredefinedType = Literal["DEFINED", "RECOMMENDED"]
"""DEFINED (the user cannot change it; the default) or RECOMMENDED (preselected, changeable)."""

AcquisitionType = Literal["ID_CARD", "DRIVING_LICENSE", "PASSPORT", "VISA", "IPROOV_STANDARD", "IPROOV_PREMIUM", "JUMIO_STANDARD"]
"""Document types for an ID credential (ID_CARD, DRIVING_LICENSE, PASSPORT, VISA) or facemap types for a FACEMAP credential (IPROOV_STANDARD, IPROOV_PREMIUM, JUMIO_STANDARD)."""

UploadClassifier = Literal["FRONT", "BACK", "FACE", "FACEMAP"]
"""Image parts uploaded as multipart: FRONT and BACK of an ID credential, FACE of a SELFIE credential, FACEMAP (binary) for workflow 16."""

PartClassifier = Literal["FRONT", "BACK", "FACE", "FACEMAP", "PREPARED_DATA", "LIVENESS_1", "LIVENESS_2", "LIVENESS_3", "LIVENESS_4", "LIVENESS_5", "LIVENESS_6", "FRONT_WITH_FLASH", "SELFIE"]
"""Classifier of an acquired part. LIVENESS_1…6 come from the web and SDK channels (in no particular order); FRONT_WITH_FLASH is newer (documented by Jumio); SELFIE appears in one doc example where FACE is meant (DECISIONS.md §15.22)."""

DecisionType = Literal["PASSED", "REJECTED", "WARNING", "NOT_EXECUTED"]
"""Outcome of a capability, a step or the whole workflow."""

DecisionLabel = Literal["PASSED", "REJECTED", "WARNING", "NOT_EXECUTED", "TECHNICAL_ERROR", "OK", "TOKEN_EXPIRED", "SESSION_EXPIRED"]
"""Label of the overall decision and of steps. It usually equals the type; OK with PASSED (seen in real responses), TOKEN_EXPIRED and TECHNICAL_ERROR with NOT_EXECUTED (documented by Jumio) are seen too."""

StepName = Literal["ID_IV", "SCREENING", "ADDRESS_VERIFICATION", "DL_VERIFICATION", "BRA_CPF_VALIDATION"]
"""Name of a workflow step."""

HealthStatus = Literal["UP", "DEGRADED", "DOWN"]
"""Health of the platform or of one component."""

SearchStatus = Literal["DONE", "NOT_DONE", "ERROR", "SUCCESS"]
"""Status of a watchlist search. Documented as DONE, NOT_DONE or ERROR; every real and example response says SUCCESS (DECISIONS.md §15.19)."""

FaceSearchStatus = Literal["DONE", "PENDING", "ERROR"]
"""Status of the 1:n face search of imageChecks."""

BiometricType = Literal["IPROOV_STANDARD", "IPROOV_PREMIUM", "JUMIO_STANDARD"]
"""Liveness or authentication technology."""

SimilarityResult = Literal["MATCH", "NOT_MATCH", "NOT_POSSIBLE"]
"""Whether the selfie matches the ID photo."""

DocumentType = Literal["PASSPORT", "DRIVING_LICENSE", "ID_CARD", "VISA", "UNSUPPORTED"]
"""Type of the extracted document."""

DocumentSubType = Literal["NATIONAL_ID", "CONSULAR_ID", "ELECTORAL_ID", "RESIDENT_PERMIT_ID", "TAX_ID", "STUDENT_ID", "PASSPORT_CARD_ID", "MILITARY_ID", "PUBLIC_SAFETY_ID", "HEALTH_ID", "OTHER_ID", "VISA", "UNKOWN", "REGULAR_DRIVING_LICENSE", "LEARNING_DRIVING_LICENSE", "E_PASSPORT"]
"""Sub-type of the extracted document (UNKOWN is Jumio's spelling)."""

Gender = Literal["M", "F", "X"]
"""Gender printed on the document (X added 2022-06)."""

PreparedIdType = Literal["PASSPORT", "DRIVING_LICENSE", "ID_CARD"]
"""Type of the ID document described in prepared data."""

ConsentObtained = Literal["yes", "no", "na"]
"""Whether the end user's consent was obtained."""

YesNo = Literal["YES", "NO"]
"""A yes/no flag of extracted data."""

GrantType = Literal["client_credentials"]
"""The OAuth2 grant; only client credentials."""

TokenType = Literal["Bearer"]
"""Token type of an OAuth2 access token."""

UsabilityLabel = Literal["OK", "BAD_QUALITY", "BLURRED", "BAD_QUALITY_IMAGE", "PART_OF_DOCUMENT_MISSING", "PART_OF_DOCUMENT_HIDDEN", "DAMAGED_DOCUMENT", "GLARE", "MISSING_MANDATORY_DATAPOINTS", "BLACK_WHITE", "MISSING_PAGE", "MISSING_SIGNATURE", "NOT_A_DOCUMENT", "PHOTOCOPY", "LIVENESS_UNDETERMINED", "UNSUPPORTED_COUNTRY", "UNSUPPORTED_DOCUMENT_TYPE", "TECHNICAL_ERROR", "NOT_UPLOADED"]
"""Labels of the usability capability."""

ImageChecksLabel = Literal["OK", "DIGITAL_COPY", "WATERMARK", "MANIPULATED_DOCUMENT", "MANIPULATED_DOCUMENT_PHOTO", "MANIPULATED_DOCUMENT_EXPIRY", "MANIPULATED_DOCUMENT_NAME", "MANIPULATED_DOCUMENT_ADDRESS", "MANIPULATED_DOCUMENT_SECURITY_CHECKS", "MANIPULATED_DOCUMENT_SIGNATURE", "MANIPULATED_DOCUMENT_PERSONAL_NUMBER", "MANIPULATED_DOCUMENT_PLACE_OF_BIRTH", "MANIPULATED_DOCUMENT_GENDER", "MANIPULATED_DOCUMENT_ISSUING_DATE", "OTHER_REJECTION", "GHOST_IMAGE_DIFFERENT", "PUNCHED", "SAMPLE", "FAKE", "CHIP_MISSING", "DIGITAL_MANIPULATION", "MISMATCH_FRONT_BACK", "DIFFERENT_PERSON", "REPEATED_FACE", "PRECONDITION_NOT_FULFILLED", "TECHNICAL_ERROR"]
"""Labels of the imageChecks capability."""

ExtractionLabel = Literal["OK", "PRECONDITION_NOT_FULFILLED", "TECHNICAL_ERROR"]
"""Labels of the extraction capability."""

DataChecksLabel = Literal["OK", "NFC_CERTIFICATE", "MISMATCHING_DATAPOINTS", "MRZ_CHECKSUM", "MISMATCHING_DATA_REPEATED_FACE", "MISMATCH_FRONT_BACK", "SUPERIMPOSED_TEXT", "MISMATCH_HRZ_MRZ_DATA", "PRECONDITION_NOT_FULFILLED", "TECHNICAL_ERROR"]
"""Labels of the dataChecks capability."""

LivenessLabel = Literal["OK", "LIVENESS_UNDETERMINED", "ID_USED_AS_SELFIE", "MULTIPLE_PEOPLE", "DIGITAL_COPY", "PHOTOCOPY", "MANIPULATED", "NO_FACE_PRESENT", "FACE_NOT_FULLY_VISIBLE", "BLACK_WHITE", "AGE_DIFFERENCE", "BAD_QUALITY", "PRECONDITION_NOT_FULFILLED", "TECHNICAL_ERROR"]
"""Labels of the liveness capability."""

SimilarityLabel = Literal["MATCH", "NO_MATCH", "NOT_POSSIBLE", "PRECONDITION_NOT_FULFILLED", "TECHNICAL_ERROR"]
"""Labels of the similarity capability."""

AuthenticationLabel = Literal["OK", "FAILED", "PRECONDITION_NOT_FULFILLED", "TECHNICAL_ERROR"]
"""Labels of the authentication capability."""

WatchlistScreeningLabel = Literal["OK", "ALERT", "NOT_ENOUGH_DATA", "VALIDATION_FAILED", "INVALID_MERCHANT_SETTINGS", "TECHNICAL_ERROR", "EXTRACTION_NOT_DONE", "NO_VALID_ID_CREDENTIAL", "PRECONDITION_NOT_FULFILLED"]
"""Labels of the watchlistScreening capability."""

AddressValidationLabel = Literal["OK", "DENY", "ALERT", "NOT_ENOUGH_DATA", "TECHNICAL_ERROR", "UNSUPPORTED_COUNTRY", "PRECONDITION_NOT_FULFILLED"]
"""Labels of the addressValidation capability."""

ProofOfResidencyLabel = Literal["OK", "DENY", "ALERT", "NOT_ENOUGH_DATA", "TECHNICAL_ERROR", "UNSUPPORTED_COUNTRY", "PRECONDITION_NOT_FULFILLED"]
"""Labels of the proofOfResidency capability."""

DrivingLicenseVerificationLabel = Literal["OK", "DENY", "ALERT", "NOT_ENOUGH_DATA", "TECHNICAL_ERROR", "UNSUPPORTED_COUNTRY", "UNSUPPORTED_STATE", "VALIDATION_FAILED", "PRECONDITION_NOT_FULFILLED"]
"""Labels of the drivingLicenseVerification capability (the union of KYX's two sections for it; DECISIONS.md §15.18)."""

BraCpfValidationLabel = Literal["OK", "DENY", "UNSUPPORTED_COUNTRY", "NOT_ENOUGH_DATA", "TECHNICAL_ERROR", "INVALID_MERCHANT_SETTINGS", "VALIDATION_FAILED", "PRECONDITION_NOT_FULFILLED"]
"""Labels of the braCpfValidation capability (Brazilian CPF, workflow 10005)."""

BiometricVerificationLabel = Literal["LOW_RISK", "MEDIUM_RISK", "HIGH_RISK", "TECHNICAL_ERROR", "PERMISSION_DENIED", "BAD_REQUEST", "PRECONDITION_NOT_FULFILLED"]
"""Labels of the biometricVerification capability (Serpro, workflow 10006). Jumio documents no type for each label; the mapping below is this project's (DECISIONS.md §15.18)."""


class Problem(TypedDict, total=False):
    """The one error body, RFC 7807 style: `{"title": "Too Many Requests", "status": 429, "detail": "Request limit exceeded"}` (documented by Jumio). Jumio documents no other error schema, so every field is optional and anything else that arrives is kept."""

    title: str
    """Short summary of the problem type, e.g. `Bad Request`."""
    status: int
    """The HTTP status code."""
    detail: str
    """What went wrong in this occurrence; names the field on validation errors."""
    type: str
    """A URI identifying the problem type, when sent."""
    instance: str
    """A URI identifying this occurrence, when sent."""


class TokenRequest(TypedDict, total=False):
    """OAuth2 client-credentials grant. Client id and secret go in the Basic header, or here."""

    grant_type: Required[GrantType]
    client_id: str
    """The OAuth2 client id, when not sent as Basic credentials."""
    client_secret: str


class TokenResponse(TypedDict, total=False):
    """An OAuth2 access token."""

    access_token: Required[str]
    expires_in: Required[int]
    """Lifetime in seconds (3600)."""
    token_type: Required[TokenType]


class AccountRequest(TypedDict, total=False):
    """Account creation or update, starting a workflow execution."""

    customerInternalReference: Required[str]
    workflowDefinition: Required[WorkflowDefinition]
    userReference: str
    reportingCriteria: str
    """Free text for search and aggregation in the Portal."""
    callbackUrl: str
    """Where the callback goes for this transaction; overrides the Portal setting."""
    tokenLifetime: str
    """How long the transaction tokens (web, SDK, api.token) live: a number and a unit `s`, `m`, `h` or `d`, from `5m` to `60d`. Default `30m`."""
    web: WebSettings
    userConsent: UserConsent
    overrideSettings: Dict[str, Any]


class WorkflowDefinition(TypedDict, total=False):
    """Which workflow to run, and optional customisation of its credentials."""

    key: Required[Union[int, str]]
    credentials: List[CredentialDefinition]
    """Optional presets for the credentials the workflow acquires."""
    capabilities: CapabilityOptions


class CredentialDefinition(TypedDict, total=False):
    """Presets for one credential: allowed countries and document types, or `id` to reuse a credential already on file (workflow 5)."""

    category: Required[CredentialCategory]
    id: str
    """Id of an existing credential to link instead of acquiring a new one."""
    label: str
    """A label for the credential (documented by Jumio)."""
    country: CountryPreset
    type: TypePreset


class CountryPreset(TypedDict, total=False):
    """Countries the user may pick from (ISO 3166-1 alpha-3)."""

    predefinedType: PredefinedType
    values: Required[List[str]]


class TypePreset(TypedDict, total=False):
    """Document or facemap types the user may pick from."""

    predefinedType: PredefinedType
    values: Required[List[AcquisitionType]]


class CapabilityOptions(TypedDict, total=False):
    """Request options per capability. KYX documents only watchlistScreening's."""

    watchlistScreening: CapabilityOptionsWatchlistScreening
    """Options of the watchlist screening."""


class WebSettings(TypedDict, total=False):
    """Settings of the web channel."""

    successUrl: str
    """Where the browser goes after a successful journey."""
    errorUrl: str
    """Where the browser goes after a failed journey."""
    locale: str
    """Language of the web client: ISO 639-1 and an optional ISO 3166-1 alpha-2 region (ar, bg, cs, da, de, el, en (default), en-GB, es, es-MX, et, fi, fr, he, hr, hu, hy, id, it, ja, ka, km, ko, lt, ms, nl, no, pl, pt, pt-BR, ro, ru, sk, sv, th, tr, vi, zh-CN, zh-HK)."""


class UserConsent(TypedDict, total=False):
    """End-user consent (documented by Jumio). V3 calls `userIp` and `userLocation` mandatory for consent, but "until further notice Jumio will not perform any treatment based on the consent parameters": no source says a request without them is refused, so neither is required here (DECISIONS.md)."""

    userIp: str
    userLocation: UserConsentUserLocation
    """Where the user is."""
    consent: UserConsentConsent
    """Mandatory when the user is in the USA."""


class AccountResponse(TypedDict, total=False):
    """The account, its new workflow execution, and how to acquire each credential."""

    timestamp: str
    account: Required[AccountRef]
    web: WebAccess
    sdk: SdkAccess
    workflowExecution: Required[WorkflowExecutionAcquisition]


class AccountRef(TypedDict, total=False):
    """An account."""

    id: Required[str]


class WebAccess(TypedDict, total=False):
    """Web channel access, when the workflow allows WEB."""

    href: str
    successUrl: str
    """Echoed when set in the request or the Portal."""
    errorUrl: str
    """Echoed when set in the request or the Portal."""


class SdkAccess(TypedDict, total=False):
    """Mobile SDK access, when the workflow allows SDK."""

    token: str


class WorkflowExecutionAcquisition(TypedDict, total=False):
    """The new workflow execution and its credentials."""

    id: Required[str]
    credentials: Optional[List[CredentialAcquisition]]


class CredentialAcquisition(TypedDict, total=False):
    """A credential the workflow acquires, and its API access when API is allowed."""

    id: Required[str]
    category: Required[CredentialCategory]
    label: str
    """Label of the credential (documented by Jumio)."""
    allowedChannels: Optional[List[Channel]]
    """Channels that may acquire it; empty for a reused credential."""
    api: ApiAccess
    country: Dict[str, Any]
    type: Dict[str, Any]


class ApiAccess(TypedDict, total=False):
    """API-channel access to one credential."""

    token: str
    parts: ApiParts
    workflowExecution: str


class ApiParts(TypedDict, total=False):
    """Upload URLs of the parts still to upload, keyed by lowercase classifier. An uploaded part leaves the map (`{}` once all are in) (seen in real responses). Doc URLs hold typos (a missing `/parts/`, `/account/` singular) that clients must not depend on."""

    front: str
    back: str
    face: str
    facemap: str
    prepared_data: str


class PartUpload(TypedDict, total=False):
    """A multipart form with the file in the field `file`."""

    file: Required[bytes]


class PreparedData(TypedDict, total=False):
    """The end user's data for a DATA credential. All fields are optional here; each workflow requires its own set (see `x-kyx-workflows`)."""

    suffix: str
    firstName: str
    middleName: str
    lastName: str
    sex: str
    dateOfBirth: str
    socialSecurityNumber: str
    nationality: str
    email: str
    phoneNumber: str
    phoneNumber2: str
    personalNumber: str
    address: PreparedAddress
    id: PreparedIdDocument


class PreparedAddress(TypedDict, total=False):
    """Address of the end user. `country` is ISO 3166-1 alpha-3 (alpha-2 accepted by newer workflows)."""

    line1: str
    line2: str
    line3: str
    line4: str
    line5: str
    postalCode: str
    city: str
    subdivision: str
    country: str


class PreparedIdDocument(TypedDict, total=False):
    """The end user's ID document."""

    issuingDate: str
    expiryDate: str
    idNumber: str
    type: PreparedIdType


class PartUploadResponse(TypedDict, total=False):
    """Result of an upload: the upload URLs still open and the finalize URL. The doc examples sometimes omit or repeat parts; rely on the status code, not on this map."""

    timestamp: str
    account: AccountRef
    workflowExecution: WorkflowExecutionRef
    api: ApiAccess


class WorkflowExecutionRef(TypedDict, total=False):
    """A workflow execution."""

    id: Required[str]
    credentials: Optional[List[CredentialAcquisition]]
    """Documented but never shown."""


class FinalizeResponse(TypedDict, total=False):
    """The finalized workflow execution."""

    timestamp: str
    account: AccountRef
    workflowExecution: WorkflowExecutionRef


class WorkflowStatusResponse(TypedDict, total=False):
    """The status of a workflow execution."""

    account: Required[AccountLink]
    workflowExecution: Required[WorkflowExecutionLink]


class AccountLink(TypedDict, total=False):
    """An account and its retrieval URL (`https://retrieval.{region}.jumio.ai/api/v1/accounts/{id}`)."""

    id: Required[str]
    href: str


class WorkflowExecutionLink(TypedDict, total=False):
    """A workflow execution, its URL and status. Real `href`s are `https://retrieval.{region}.jumio.ai/api/v1/workflow-executions/{id}`; one doc example uses `…/accounts/{a}/workflow-executions/{w}` (DECISIONS.md §15.10)."""

    id: Required[str]
    href: str
    definitionKey: Union[int, str]
    status: Required[WorkflowStatus]


class WorkflowDetails(TypedDict, total=False):
    """Everything about one workflow execution. Only the capabilities of the workflow appear in `capabilities`; `startedAt` is absent when the user never started."""

    workflow: Required[WorkflowSummary]
    account: AccountRef
    createdAt: str
    startedAt: str
    completedAt: str
    wipedOutAt: str
    decision: OverallDecision
    steps: StepsLink
    credentials: Optional[List[CredentialDetails]]
    capabilities: Capabilities


class WorkflowSummary(TypedDict, total=False):
    """Identity and status of the workflow execution."""

    id: Required[str]
    status: Required[WorkflowStatus]
    definitionKey: Union[int, str]
    userReference: str
    customerInternalReference: str


class OverallDecision(TypedDict, total=False):
    """The decision of the workflow (or of a step): type, label and, for workflows, the risk score. `details.label` usually equals the type."""

    type: Required[DecisionType]
    details: OverallDecisionDetails
    """The label of the decision."""
    risk: OverallDecisionRisk
    """The risk score."""


class StepsLink(TypedDict, total=False):
    """URL of the workflow's steps (one doc example has `/accounts/accounts/`)."""

    href: str


class CredentialDetails(TypedDict, total=False):
    """An acquired credential. `parts` is absent when nothing was uploaded."""

    id: Required[str]
    category: Required[CredentialCategory]
    parts: Optional[List[PartReference]]
    """The acquired parts, in no particular order."""
    consent: Dict[str, Any]
    clientIp: str


class PartReference(TypedDict, total=False):
    """A part and its download URL. A FACEMAP part has no `href` (seen in real responses; documented by Jumio)."""

    classifier: Required[PartClassifier]
    href: str
    captureType: str
    """How the part was captured, e.g. `camera` (documented by Jumio)."""
    captureClient: str
    """Capture client, e.g. `auto_capture` or `manual_capture` (documented by Jumio)."""


class Capabilities(TypedDict, total=False):
    """Results by capability; each is an array (usability has one entry per credential). Only the workflow's capabilities appear. Execution order and dependencies (documented by Jumio): a capability whose predecessor was REJECTED or NOT_EXECUTED is NOT_EXECUTED with PRECONDITION_NOT_FULFILLED (see `x-capability-dependencies`). Capabilities this description does not know arrive through the generic `CapabilityResult` shape."""

    usability: Optional[List[UsabilityResult]]
    imageChecks: Optional[List[ImageChecksResult]]
    extraction: Optional[List[ExtractionResult]]
    dataChecks: Optional[List[DataChecksResult]]
    liveness: Optional[List[LivenessResult]]
    similarity: Optional[List[SimilarityCapabilityResult]]
    authentication: Optional[List[AuthenticationResult]]
    watchlistScreening: Optional[List[WatchlistScreeningResult]]
    addressValidation: Optional[List[AddressValidationResult]]
    proofOfResidency: Optional[List[ProofOfResidencyResult]]
    drivingLicenseVerification: Optional[List[DrivingLicenseVerificationResult]]
    braCpfValidation: Optional[List[BraCpfValidationResult]]
    biometricVerification: Optional[List[BiometricVerificationResult]]


class CapabilityCredential(TypedDict, total=False):
    """A credential a capability used (documented as an object, always an array of these)."""

    id: Required[str]
    category: CredentialCategory


class CapabilityResult(TypedDict, total=False):
    """Generic result of a capability this description does not model."""

    id: Required[str]
    credentials: Optional[List[CapabilityCredential]]
    decision: CapabilityDecision
    data: Dict[str, Any]


class CapabilityDecision(TypedDict, total=False):
    """Decision of a capability this description does not model."""

    type: Required[DecisionType]
    details: CapabilityDecisionDetails
    """The label."""


class UsabilityResult(TypedDict, total=False):
    """Whether a credential's images are usable (one entry per credential)."""

    id: Required[str]
    credentials: Optional[List[CapabilityCredential]]
    decision: UsabilityDecision
    data: Dict[str, Any]


class UsabilityDecision(TypedDict, total=False):
    """Decision of usability."""

    type: Required[DecisionType]
    details: UsabilityDecisionDetails
    """The label."""


class ImageChecksResult(TypedDict, total=False):
    """Authenticity checks of the document images, with the 1:n face search."""

    id: Required[str]
    credentials: Optional[List[CapabilityCredential]]
    decision: ImageChecksDecision
    data: ImageChecksData


class ImageChecksDecision(TypedDict, total=False):
    """Decision of imageChecks."""

    type: Required[DecisionType]
    details: ImageChecksDecisionDetails
    """The label."""


class ImageChecksData(TypedDict, total=False):
    """Data of imageChecks."""

    faceSearchFindings: ImageChecksDataFaceSearchFindings
    """1:n face search over earlier workflows."""


class ExtractionResult(TypedDict, total=False):
    """Data extracted from the ID document."""

    id: Required[str]
    credentials: Optional[List[CapabilityCredential]]
    decision: ExtractionDecision
    data: ExtractionData


class ExtractionDecision(TypedDict, total=False):
    """Decision of extraction."""

    type: Required[DecisionType]
    details: ExtractionDecisionDetails
    """The label."""


class ExtractionData(TypedDict, total=False):
    """Extracted document data (documented by Jumio). Nearly everything is personal data. Country-specific and activation-gated fields appear only when enabled; `N/A` marks a field the document lacks (seen in real responses)."""

    type: DocumentType
    subType: DocumentSubType
    issuingCountry: str
    """ISO 3166-1 alpha-3."""
    firstName: str
    lastName: str
    dateOfBirth: str
    expiryDate: str
    issuingDate: str
    documentNumber: str
    state: str
    personalNumber: str
    optionalMrzField1: str
    optionalMrzField2: str
    address: ExtractedAddress
    issuingAuthority: str
    issuingPlace: str
    curp: str
    nationality: str
    placeOfBirth: str
    taxNumber: str
    cpf: str
    registrationNumber: str
    mothersName: str
    fathersName: str
    personalIdentificationNumber: str
    rgNumber: str
    voterIdNumber: str
    issuingNumber: str
    passportNumber: str
    durationOfStay: str
    numberOfEntries: str
    visaCategory: str
    dni: str
    pesel: str
    gender: Gender
    dlCategories: Optional[List[str]]
    """Driving licence categories."""
    expiryDateParts: DateParts
    dateOfBirthParts: DateParts
    issuingDateParts: DateParts
    laborIdentificationNumber: str
    documentCopy: str
    residentPermitType: str
    residentPermitRemarks: str
    documentIdentificationNumber: str
    citizenship: str
    maritalStatus: str
    religion: str
    currentAge: Union[int, str]
    lastNameAtBirth: str
    remarks: str
    disability: YesNo


class DateParts(TypedDict, total=False):
    """A date split into parts (strings); a part the document lacks is omitted."""

    year: str
    month: str
    day: str


class ExtractedAddress(TypedDict, total=False):
    """Address printed on the document."""

    line1: str
    line2: str
    line3: str
    line4: str
    line5: str
    country: str
    """ISO 3166-1 alpha-3."""
    postalCode: str
    subdivision: str
    city: str
    formattedAddress: str


class DataChecksResult(TypedDict, total=False):
    """Consistency checks of the extracted data (MRZ checksums, front/back match, NFC)."""

    id: Required[str]
    credentials: Optional[List[CapabilityCredential]]
    decision: DataChecksDecision
    data: Dict[str, Any]


class DataChecksDecision(TypedDict, total=False):
    """Decision of dataChecks."""

    type: Required[DecisionType]
    details: DataChecksDecisionDetails
    """The label."""


class LivenessResult(TypedDict, total=False):
    """Whether a live person took the selfie."""

    id: Required[str]
    credentials: Optional[List[CapabilityCredential]]
    decision: LivenessDecision
    data: LivenessData
    validFaceMapForAuthentication: str


class LivenessDecision(TypedDict, total=False):
    """Decision of liveness."""

    type: Required[DecisionType]
    details: LivenessDecisionDetails
    """The label."""


class LivenessData(TypedDict, total=False):
    """Data of liveness."""

    type: BiometricType
    predictedAge: int
    """Age predicted from the selfie [V3]."""
    ageConfidenceRange: str
    """Confidence range of the predicted age, e.g. `21-41` [V3]."""


class SimilarityCapabilityResult(TypedDict, total=False):
    """Whether the selfie shows the person on the ID."""

    id: Required[str]
    credentials: Optional[List[CapabilityCredential]]
    decision: SimilarityDecision
    data: SimilarityData


class SimilarityDecision(TypedDict, total=False):
    """Decision of similarity."""

    type: Required[DecisionType]
    details: SimilarityDecisionDetails
    """The label."""


class SimilarityData(TypedDict, total=False):
    """Data of similarity."""

    similarity: SimilarityResult


class AuthenticationResult(TypedDict, total=False):
    """Whether the new facemap matches the facemap on file."""

    id: Required[str]
    credentials: Optional[List[CapabilityCredential]]
    decision: AuthenticationDecision
    data: AuthenticationData
    validFaceMapForAuthentication: str


class AuthenticationDecision(TypedDict, total=False):
    """Decision of authentication."""

    type: Required[DecisionType]
    details: AuthenticationDecisionDetails
    """The label."""


class AuthenticationData(TypedDict, total=False):
    """Data of authentication."""

    type: BiometricType


class WatchlistScreeningResult(TypedDict, total=False):
    """Sanctions and PEP screening (ComplyAdvantage)."""

    id: Required[str]
    credentials: Optional[List[CapabilityCredential]]
    decision: WatchlistScreeningDecision
    data: WatchlistScreeningData


class WatchlistScreeningDecision(TypedDict, total=False):
    """Decision of watchlistScreening."""

    type: Required[DecisionType]
    details: WatchlistScreeningDecisionDetails
    """The label."""


class WatchlistScreeningData(TypedDict, total=False):
    """Data of the watchlist search."""

    searchDate: str
    searchStatus: SearchStatus
    searchId: str
    """Id of the search at the screening provider."""
    searchReference: str
    """Reference of the search at the screening provider."""
    searchResultUrl: str
    """URL of the search result at the screening provider."""
    searchResults: int
    """Number of hits."""


class AddressValidationResult(TypedDict, total=False):
    """Whether the address exists."""

    id: Required[str]
    credentials: Optional[List[CapabilityCredential]]
    decision: AddressValidationDecision
    data: Dict[str, Any]


class AddressValidationDecision(TypedDict, total=False):
    """Decision of addressValidation."""

    type: Required[DecisionType]
    details: AddressValidationDecisionDetails
    """The label."""


class ProofOfResidencyResult(TypedDict, total=False):
    """Whether the user lives at the address."""

    id: Required[str]
    credentials: Optional[List[CapabilityCredential]]
    decision: ProofOfResidencyDecision
    data: Dict[str, Any]


class ProofOfResidencyDecision(TypedDict, total=False):
    """Decision of proofOfResidency."""

    type: Required[DecisionType]
    details: ProofOfResidencyDecisionDetails
    """The label."""


class DrivingLicenseVerificationResult(TypedDict, total=False):
    """US driving licence verification against AAMVA."""

    id: Required[str]
    credentials: Optional[List[CapabilityCredential]]
    decision: DrivingLicenseVerificationDecision
    data: Dict[str, Any]


class DrivingLicenseVerificationDecision(TypedDict, total=False):
    """Decision of drivingLicenseVerification."""

    type: Required[DecisionType]
    details: DrivingLicenseVerificationDecisionDetails
    """The label."""


class BraCpfValidationResult(TypedDict, total=False):
    """Validation of a Brazilian CPF against the national database."""

    id: Required[str]
    credentials: Optional[List[CapabilityCredential]]
    decision: BraCpfValidationDecision
    data: Dict[str, Any]


class BraCpfValidationDecision(TypedDict, total=False):
    """Decision of braCpfValidation."""

    type: Required[DecisionType]
    details: BraCpfValidationDecisionDetails
    """The label."""


class BiometricVerificationResult(TypedDict, total=False):
    """Serpro biometric check of the selfie against the CPF holder (Brazil)."""

    id: Required[str]
    credentials: Optional[List[CapabilityCredential]]
    decision: BiometricVerificationDecision
    data: Dict[str, Any]


class BiometricVerificationDecision(TypedDict, total=False):
    """Decision of biometricVerification."""

    type: Required[DecisionType]
    details: BiometricVerificationDecisionDetails
    """The label."""


class AccountDetails(TypedDict, total=False):
    """An account, as `GET account.href` answers (inferred: every field optional, anything else kept)."""

    account: AccountLink
    workflowExecutions: Optional[List[WorkflowExecutionLink]]
    """The account's workflow executions (sandbox; undocumented)."""


class WorkflowRules(TypedDict, total=False):
    """The rules evaluated for a workflow execution (inferred; tolerant)."""

    workflowExecution: WorkflowExecutionLink
    rules: Optional[List[RuleResult]]


class RuleResult(TypedDict, total=False):
    """One evaluated rule (inferred; tolerant)."""

    name: str
    decision: DecisionType
    description: str


class StepsResponse(TypedDict, total=False):
    """The steps of a workflow execution."""

    steps: Required[List[Step]]


class Step(TypedDict, total=False):
    """One step, a group of capabilities with its own decision."""

    id: Required[str]
    name: Required[StepName]
    capabilityIds: Optional[List[str]]
    decision: OverallDecision


class HealthResponse(TypedDict, total=False):
    """Platform health. `details` lists only the affected components and is absent when UP."""

    status: Required[HealthStatus]
    details: HealthResponseDetails
    """Health per affected component."""


class MigrationRequest(TypedDict, total=False):
    """Netverify scan references to migrate (each becomes a workflow execution)."""

    scanReferences: Required[List[str]]
    """Netverify scan references, all of the same end user."""
    callbackUrl: str
    """Receives one callback per migrated scan reference; overrides the Portal setting."""


class MigrationResponse(TypedDict, total=False):
    """The account holding the migrated scans."""

    account: Required[AccountRef]


class CallbackPayload(TypedDict, total=False):
    """What Jumio POSTs to the callback URL when a workflow execution ends (or a scan was migrated). No personal data; `userReference` only when it was set."""

    callbackSentAt: str
    userReference: str
    workflowExecution: Required[WorkflowExecutionLink]
    account: Required[AccountLink]


class HealthResponseDetails(TypedDict, total=False):
    """Health per affected component."""

    api: HealthStatus
    callback: HealthStatus
    mobile: HealthStatus
    processing: HealthStatus
    retrieval: HealthStatus
    web: HealthStatus


class BiometricVerificationDecisionDetails(TypedDict, total=False):
    """The label."""

    label: BiometricVerificationLabel


class BraCpfValidationDecisionDetails(TypedDict, total=False):
    """The label."""

    label: BraCpfValidationLabel


class DrivingLicenseVerificationDecisionDetails(TypedDict, total=False):
    """The label."""

    label: DrivingLicenseVerificationLabel


class ProofOfResidencyDecisionDetails(TypedDict, total=False):
    """The label."""

    label: ProofOfResidencyLabel


class AddressValidationDecisionDetails(TypedDict, total=False):
    """The label."""

    label: AddressValidationLabel


class WatchlistScreeningDecisionDetails(TypedDict, total=False):
    """The label."""

    label: WatchlistScreeningLabel


class AuthenticationDecisionDetails(TypedDict, total=False):
    """The label."""

    label: AuthenticationLabel


class SimilarityDecisionDetails(TypedDict, total=False):
    """The label."""

    label: SimilarityLabel


class LivenessDecisionDetails(TypedDict, total=False):
    """The label."""

    label: LivenessLabel


class DataChecksDecisionDetails(TypedDict, total=False):
    """The label."""

    label: DataChecksLabel


class ExtractionDecisionDetails(TypedDict, total=False):
    """The label."""

    label: ExtractionLabel


class ImageChecksDataFaceSearchFindings(TypedDict, total=False):
    """1:n face search over earlier workflows."""

    status: FaceSearchStatus
    findings: Optional[List[str]]
    """Ids of workflow executions with the same face."""


class ImageChecksDecisionDetails(TypedDict, total=False):
    """The label."""

    label: ImageChecksLabel


class UsabilityDecisionDetails(TypedDict, total=False):
    """The label."""

    label: UsabilityLabel


class CapabilityDecisionDetails(TypedDict, total=False):
    """The label."""

    label: str


class OverallDecisionRisk(TypedDict, total=False):
    """The risk score."""

    score: float


class OverallDecisionDetails(TypedDict, total=False):
    """The label of the decision."""

    label: DecisionLabel


class UserConsentConsent(TypedDict, total=False):
    """Mandatory when the user is in the USA."""

    obtained: Required[ConsentObtained]
    obtainedAt: str


class UserConsentUserLocation(TypedDict, total=False):
    """Where the user is."""

    country: Required[str]
    """ISO 3166-1 alpha-3."""
    state: str
    """Subdivision; for USA, CAN and AUS the alpha-2 code (IL, NSW)."""


class CapabilityOptionsWatchlistScreening(TypedDict, total=False):
    """Options of the watchlist screening."""

    additionalProperties: str
    """Request options for watchlistScreening (a property literally named `additionalProperties`)."""


class DownloadedPart(TypedDict, total=False):
    """A downloaded part: its content type and length, and its bytes unless it was saved to a file."""

    contentType: Optional[str]
    length: Required[int]
    content: bytes


__all__ = [
    "AccountDetails",
    "AccountLink",
    "AccountRef",
    "AccountRequest",
    "AccountResponse",
    "AcquisitionType",
    "AddressValidationDecision",
    "AddressValidationDecisionDetails",
    "AddressValidationLabel",
    "AddressValidationResult",
    "ApiAccess",
    "ApiParts",
    "AuthenticationData",
    "AuthenticationDecision",
    "AuthenticationDecisionDetails",
    "AuthenticationLabel",
    "AuthenticationResult",
    "BiometricType",
    "BiometricVerificationDecision",
    "BiometricVerificationDecisionDetails",
    "BiometricVerificationLabel",
    "BiometricVerificationResult",
    "BraCpfValidationDecision",
    "BraCpfValidationDecisionDetails",
    "BraCpfValidationLabel",
    "BraCpfValidationResult",
    "CallbackPayload",
    "Capabilities",
    "CapabilityCredential",
    "CapabilityDecision",
    "CapabilityDecisionDetails",
    "CapabilityOptions",
    "CapabilityOptionsWatchlistScreening",
    "CapabilityResult",
    "Channel",
    "ConsentObtained",
    "CountryPreset",
    "CredentialAcquisition",
    "CredentialCategory",
    "CredentialDefinition",
    "CredentialDetails",
    "DataChecksDecision",
    "DataChecksDecisionDetails",
    "DataChecksLabel",
    "DataChecksResult",
    "DateParts",
    "DecisionLabel",
    "DecisionType",
    "DocumentSubType",
    "DocumentType",
    "DownloadedPart",
    "DrivingLicenseVerificationDecision",
    "DrivingLicenseVerificationDecisionDetails",
    "DrivingLicenseVerificationLabel",
    "DrivingLicenseVerificationResult",
    "ExtractedAddress",
    "ExtractionData",
    "ExtractionDecision",
    "ExtractionDecisionDetails",
    "ExtractionLabel",
    "ExtractionResult",
    "FaceSearchStatus",
    "FinalizeResponse",
    "Gender",
    "GrantType",
    "HealthResponse",
    "HealthResponseDetails",
    "HealthStatus",
    "ImageChecksData",
    "ImageChecksDataFaceSearchFindings",
    "ImageChecksDecision",
    "ImageChecksDecisionDetails",
    "ImageChecksLabel",
    "ImageChecksResult",
    "LivenessData",
    "LivenessDecision",
    "LivenessDecisionDetails",
    "LivenessLabel",
    "LivenessResult",
    "MigrationRequest",
    "MigrationResponse",
    "OverallDecision",
    "OverallDecisionDetails",
    "OverallDecisionRisk",
    "PartClassifier",
    "PartReference",
    "PartUpload",
    "PartUploadResponse",
    "PredefinedType",
    "PreparedAddress",
    "PreparedData",
    "PreparedIdDocument",
    "PreparedIdType",
    "Problem",
    "ProofOfResidencyDecision",
    "ProofOfResidencyDecisionDetails",
    "ProofOfResidencyLabel",
    "ProofOfResidencyResult",
    "RuleResult",
    "SdkAccess",
    "SearchStatus",
    "SimilarityCapabilityResult",
    "SimilarityData",
    "SimilarityDecision",
    "SimilarityDecisionDetails",
    "SimilarityLabel",
    "SimilarityResult",
    "Step",
    "StepName",
    "StepsLink",
    "StepsResponse",
    "TokenRequest",
    "TokenResponse",
    "TokenType",
    "TypePreset",
    "UploadClassifier",
    "UsabilityDecision",
    "UsabilityDecisionDetails",
    "UsabilityLabel",
    "UsabilityResult",
    "UserConsent",
    "UserConsentConsent",
    "UserConsentUserLocation",
    "WatchlistScreeningData",
    "WatchlistScreeningDecision",
    "WatchlistScreeningDecisionDetails",
    "WatchlistScreeningLabel",
    "WatchlistScreeningResult",
    "WebAccess",
    "WebSettings",
    "WorkflowDefinition",
    "WorkflowDetails",
    "WorkflowExecutionAcquisition",
    "WorkflowExecutionLink",
    "WorkflowExecutionRef",
    "WorkflowRules",
    "WorkflowStatus",
    "WorkflowStatusResponse",
    "WorkflowSummary",
    "YesNo",
]
