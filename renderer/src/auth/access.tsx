import { createContext, useCallback, useContext } from 'react'
import { contract, type ChannelName } from '@shared/contract'
import { roleAllows, type User } from '@shared/domain/users'
import { t } from '../i18n'

const SignedIn = createContext<User | null>(null)

/** The signed-in user, for the screens that ask what the role may do. */
export const SignedInUser = SignedIn.Provider

/**
 * What the signed-in user may not do, asked of the contract's own access rule for a channel (the
 * router enforces the same rule; this only spares the clerk filling in a form the router would
 * refuse). Returns null when the role allows the channel, else the reason to show beside the
 * action (`Button`'s `disabledReason`).
 */
export function useAccess(): (channel: ChannelName) => string | null {
  const user = useContext(SignedIn)
  return useCallback(
    (channel: ChannelName) => {
      const needed = contract[channel].access ?? 'clerk'
      if (!user || needed === 'public' || roleAllows(user.role, needed)) return null
      return t('access.needs', { role: t(`role.${needed}`).toLocaleLowerCase('vi'), mine: t(`role.${user.role}`).toLocaleLowerCase('vi') })
    },
    [user],
  )
}
