export {
  DecodeFailureReason,
  InputFormat,
  type DecodeFailure,
  type DecodeResult,
  type DecodedRequest,
} from './decode-result.js';
export { flyteCloudEventTypePrefix } from './cloud-event-type.js';
export { KafkaMessageNameHeader, decodeKafkaRecord } from './decode-kafka-record.js';
export {
  HttpMessageNameHeader,
  decodeHttpRequest,
  eventsPath,
  type HttpEventRequest,
} from './decode-http-request.js';
