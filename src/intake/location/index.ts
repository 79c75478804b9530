// Entry point of the caller-location translators: PIDF-LO/SIP, AML HTTPS, AML SMS and the service-area check.
export { type AmlHttpReport, parseAmlHttp } from './aml-http.ts';
export { type AmlSmsReport, type AmlSmsResult, parseAmlSms } from './aml-sms.ts';
export { parsePidfLo } from './pidf-lo.ts';
export {
  BULUKUMBA_BOUNDING_BOX,
  BULUKUMBA_SERVICE_AREA,
  isInsideServiceArea,
  type LatLon,
  type ServiceArea,
} from './service-area.ts';
export {
  type GeolocationValue,
  locationFromSip,
  locationFromSipMessage,
  parseGeolocationHeader,
  type SipLocationInput,
} from './sip-geolocation.ts';
export type { CallerLocation, CallerLocationSource, LocationResult } from './types.ts';
