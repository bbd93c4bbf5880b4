import type { DeviceEntry } from '@clinicsync/schema';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatNumber } from '../i18n/format.js';
import { useLanguage } from '../i18n/use-language.js';
import { UserLabel } from './user-label.js';

/** A user's devices as the sync log knows them. */
export function UserDevices({
  devices,
  showUser = false,
}: {
  readonly devices: readonly DeviceEntry[];
  /** A column for the user, when the list is every user's. */
  readonly showUser?: boolean;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const when = (at: number | null) =>
    at === null ? t('admin.devices.never') : formatDateTime(at, language);
  if (devices.length === 0) return <p>{t('admin.devices.none')}</p>;
  return (
    <>
      <table>
        <thead>
          <tr>
            {showUser ? <th scope="col">{t('admin.log.user')}</th> : null}
            <th scope="col">{t('admin.devices.device')}</th>
            <th scope="col">{t('admin.devices.lastPull')}</th>
            <th scope="col">{t('admin.devices.lastPush')}</th>
            <th scope="col">{t('admin.devices.schemaVersion')}</th>
            <th scope="col">{t('admin.devices.rejections')}</th>
            <th scope="col">{t('admin.devices.lastError')}</th>
          </tr>
        </thead>
        <tbody>
          {devices.map((device) => (
            <tr key={`${device.user ?? ''}/${device.device ?? ''}`}>
              {showUser ? (
                <td>
                  <UserLabel id={device.user} name={device.user_name} email={device.user_email} />
                </td>
              ) : null}
              <td>
                <bdi>{device.device ?? t('admin.devices.unnamed')}</bdi>
              </td>
              <td>{when(device.last_pull_at)}</td>
              <td>{when(device.last_push_at)}</td>
              <td>
                {device.schema_version === null
                  ? ''
                  : formatNumber(device.schema_version, language)}
              </td>
              <td>{formatNumber(device.pending_rejections, language)}</td>
              <td>
                {device.last_error
                  ? t('admin.devices.errorAt', {
                      code: device.last_error.code,
                      kind: t(`admin.log.${device.last_error.kind}`),
                      at: formatDateTime(device.last_error.at, language),
                    })
                  : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {/* What the server cannot know, said once rather than left as empty columns. */}
      <p className="muted">{t('admin.devices.note')}</p>
    </>
  );
}
